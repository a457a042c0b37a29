using System.Text;
using Authorizer.Core.Credentials;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Store;

namespace Authorizer.Core.Verification;

/// <summary><c>Authorization: Basic base64(AppKey:AppSecret)</c>.</summary>
internal sealed class AppBasicVerifier : ICredentialVerifier
{
    private readonly IAppDirectory _directory;

    public AppBasicVerifier(IAppDirectory directory)
    {
        _directory = directory;
    }

    public string Scheme => SchemeIds.AppBasic;

    public ValueTask<VerificationResult> VerifyAsync(Credential credential, VerificationContext context, CancellationToken cancellationToken)
    {
        if (credential is not BasicCredential basic)
        {
            return ValueTask.FromResult(VerificationResult.NoResult);
        }

        if (!TryDecode(basic.Encoded, out var appKey, out var appSecret))
        {
            return ValueTask.FromResult(VerificationResult.Fail(
                ErrorCodes.InvalidCredentials,
                "Authorization: Basic must carry base64(AppKey:AppSecret)."));
        }

        return KeySecretCheck.VerifyAsync(_directory, appKey, appSecret, context.Now, cancellationToken);
    }

    private static bool TryDecode(string encoded, out string appKey, out string appSecret)
    {
        appKey = appSecret = string.Empty;
        var buffer = new byte[(encoded.Length * 3 / 4) + 3];
        if (encoded.Length == 0 || !Convert.TryFromBase64String(encoded, buffer, out var length))
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(buffer, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        appKey = text[..colon];
        appSecret = text[(colon + 1)..];
        return appSecret.Length > 0;
    }
}
