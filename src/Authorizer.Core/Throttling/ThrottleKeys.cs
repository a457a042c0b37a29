using System.Buffers;
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
                return SdkAppKey(sdk.Authorization);
            case AppSecretCredential secret:
                return secret.AppKey?.Trim();
            case BasicCredential basic:
                return BasicAppKey(basic.Encoded);
            default:
                return null;
        }
    }

    private static string? SdkAppKey(string authorization) =>
        SdkCanonicalizer.TryReadAppKey(authorization, out var appKey) ? appKey : null;

    public static string? BasicAppKey(string encoded)
    {
        // Bounded by the header-value limit enforced before credentials are read.
        var max = Base64.GetMaxDecodedFromUtf8Length(encoded.Length);
        byte[]? rented = null;
        var bytes = max <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            if (!Convert.TryFromBase64String(encoded, bytes, out var length))
            {
                return null;
            }

            var colon = bytes[..length].IndexOf((byte)':');
            return colon <= 0 ? null : System.Text.Encoding.UTF8.GetString(bytes[..colon]);
        }
        finally
        {
            // The decoded bytes hold the AppSecret too.
            bytes.Clear();
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
