using Authorizer.Core.Credentials;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Store;

namespace Authorizer.Core.Verification;

/// <summary><c>X-HW-ID: AppKey</c> with <c>X-HW-AppKey: AppSecret</c>.</summary>
internal sealed class AppSecretVerifier : ICredentialVerifier
{
    private readonly IAppDirectory _directory;

    public AppSecretVerifier(IAppDirectory directory)
    {
        _directory = directory;
    }

    public string Scheme => SchemeIds.AppSecret;

    public ValueTask<VerificationResult> VerifyAsync(Credential credential, VerificationContext context, CancellationToken cancellationToken)
    {
        if (credential is not AppSecretCredential pair)
        {
            return ValueTask.FromResult(VerificationResult.NoResult);
        }

        var appKey = pair.AppKey?.Trim();
        var appSecret = pair.AppSecret?.Trim();
        if (string.IsNullOrEmpty(appKey) || string.IsNullOrEmpty(appSecret))
        {
            return ValueTask.FromResult(VerificationResult.Fail(
                ErrorCodes.InvalidCredentials,
                "X-HW-ID and X-HW-AppKey must be sent together, both non-empty."));
        }

        return KeySecretCheck.VerifyAsync(_directory, appKey, appSecret, context.Now, cancellationToken);
    }
}
