using System.Buffers.Text;
using Authorizer.Core.Credentials;
using Authorizer.Core.Requests;
using Authorizer.Core.Signing;

namespace Authorizer.Core.Throttling;

/// <summary>
/// The AppKey a credential claims, for <see cref="FailureThrottle"/>: read cheaply and without verifying
/// anything. AppCodes and tokens name no AppKey; they are throttled by source address only.
/// </summary>
internal static class ThrottleKeys
{
    public static string? ClaimedAppKey(Credential credential, AuthRequest request)
    {
        switch (credential)
        {
            case CaSignatureCredential:
                return request.Headers.GetFirst(CaHeaders.Key)?.Trim();
            case SdkSignatureCredential sdk:
                return SdkCanonicalizer.TryParseAuthorization(sdk.Authorization, out var parsed) ? parsed.AppKey : null;
            case AppSecretCredential secret:
                return secret.AppKey?.Trim();
            case BasicCredential basic:
                return BasicAppKey(basic.Encoded);
            default:
                return null;
        }
    }

    private static string? BasicAppKey(string encoded)
    {
        // Bounded by the header-value limit enforced before credentials are read.
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(encoded.Length)];
        if (!Convert.TryFromBase64String(encoded, bytes, out var length))
        {
            return null;
        }

        var colon = Array.IndexOf(bytes, (byte)':', 0, length);
        return colon <= 0 ? null : System.Text.Encoding.UTF8.GetString(bytes, 0, colon);
    }
}
