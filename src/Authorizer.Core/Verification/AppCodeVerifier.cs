using Authorizer.Core.Credentials;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Secrets;
using Authorizer.Core.Store;

namespace Authorizer.Core.Verification;

/// <summary>AppCodes, looked up by their SHA-256.</summary>
internal sealed class AppCodeVerifier : ICredentialVerifier
{
    private const int MaxAppCodeLength = 512;

    private readonly IAppDirectory _directory;

    public AppCodeVerifier(IAppDirectory directory)
    {
        _directory = directory;
    }

    public string Scheme => SchemeIds.AppCode;

    public ValueTask<VerificationResult> VerifyAsync(Credential credential, VerificationContext context, CancellationToken cancellationToken)
    {
        if (credential is not AppCodeCredential appCode)
        {
            return new(VerificationResult.NoResult);
        }

        var code = appCode.Code;
        if (code.Length == 0 || code.Length > MaxAppCodeLength || HasWhiteSpace(code))
        {
            return new(VerificationResult.Fail(ErrorCodes.InvalidAppCode, "Invalid AppCode: the value is empty or malformed."));
        }

        var lookup = _directory.FindByAppCodeHashAsync(AppCodeHasher.Hash(code), context.Now, cancellationToken);
        return lookup.IsCompletedSuccessfully ? new(Resolved(lookup.Result)) : ResolvedAsync(lookup);
    }

    private static async ValueTask<VerificationResult> ResolvedAsync(ValueTask<ResolvedAppCode?> lookup) =>
        Resolved(await lookup.ConfigureAwait(false));

    private static VerificationResult Resolved(ResolvedAppCode? resolved) =>
        resolved is null
            ? VerificationResult.WrongSecret(ErrorCodes.InvalidAppCode, "Invalid AppCode.")
            : VerificationResult.Success(resolved.App);

    private static bool HasWhiteSpace(string code)
    {
        foreach (var c in code)
        {
            if (char.IsWhiteSpace(c))
            {
                return true;
            }
        }

        return false;
    }
}
