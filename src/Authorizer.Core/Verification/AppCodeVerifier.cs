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

    public async ValueTask<VerificationResult> VerifyAsync(Credential credential, VerificationContext context, CancellationToken cancellationToken)
    {
        if (credential is not AppCodeCredential appCode)
        {
            return VerificationResult.NoResult;
        }

        var code = appCode.Code;
        if (code.Length == 0 || code.Length > MaxAppCodeLength || code.Any(char.IsWhiteSpace))
        {
            return VerificationResult.Fail(ErrorCodes.InvalidAppCode, "Invalid AppCode: the value is empty or malformed.");
        }

        var resolved = await _directory.FindByAppCodeHashAsync(AppCodeHasher.Hash(code), cancellationToken).ConfigureAwait(false);
        return resolved is null
            ? VerificationResult.Fail(ErrorCodes.InvalidAppCode, "Invalid AppCode.")
            : VerificationResult.Success(resolved.App);
    }
}
