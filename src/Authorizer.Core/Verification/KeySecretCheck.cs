using Authorizer.Core.Decisions;
using Authorizer.Core.Store;

namespace Authorizer.Core.Verification;

/// <summary>The AppKey + presented AppSecret check shared by app-basic and app-secret.</summary>
internal static class KeySecretCheck
{
    public static async ValueTask<VerificationResult> VerifyAsync(
        IAppDirectory directory,
        string appKey,
        string appSecret,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var resolved = await directory.FindByAppKeyAsync(appKey, cancellationToken).ConfigureAwait(false);
        var match = SecretMatcher.Match(SecretMatcher.SecretsOrDummy(resolved), now, secret => SecretMatcher.SecretEquals(appSecret, secret));
        if (resolved is null)
        {
            return VerificationResult.Fail(ErrorCodes.UnknownApp, VerifierMessages.UnknownAppKey);
        }

        return match switch
        {
            SecretMatch.Usable => VerificationResult.Success(resolved),
            SecretMatch.Expired => VerificationResult.Fail(ErrorCodes.CredentialExpired, VerifierMessages.CredentialExpired),
            _ => VerificationResult.Fail(ErrorCodes.InvalidCredentials, "Invalid AppKey or AppSecret."),
        };
    }
}
