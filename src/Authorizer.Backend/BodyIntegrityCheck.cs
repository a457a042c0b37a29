using System.Security.Cryptography;
using Authorizer.Core.Requests;

namespace Authorizer.Backend;

/// <summary>
/// The authorizer never sees the body, so a signature covering <c>Content-MD5</c> or <c>X-Sdk-Content-Sha256</c>
/// only protects the body once the backend checks the body against them. <c>Content-MD5</c> is base64 MD5;
/// <c>X-Sdk-Content-Sha256</c> is hex SHA-256 (<c>UNSIGNED-PAYLOAD</c> skips it). A header given twice (an HTTP
/// API joins repeats with commas, which no digest holds), undecodable, or not matching the body fails.
/// </summary>
public static class BodyIntegrityCheck
{
    public const string ContentMd5Header = "Content-MD5";
    public const string ContentSha256Header = Core.Signing.SdkCanonicalizer.ContentSha256Header;
    public const string UnsignedPayload = Core.Signing.SdkCanonicalizer.UnsignedPayload;

    /// <summary>Null when the body matches every digest header sent; else what failed.</summary>
    public static string? Check(HeaderMap headers, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var contentMd5 = headers.GetAll(ContentMd5Header);
        var contentSha256 = headers.GetAll(ContentSha256Header);
        if (contentMd5.Count > 1 || contentSha256.Count > 1)
        {
            return "Content-MD5 and X-Sdk-Content-Sha256 may each be sent once.";
        }

        if (contentMd5.Count == 1)
        {
            Span<byte> claimed = stackalloc byte[MD5.HashSizeInBytes + 3];
            if (!Convert.TryFromBase64String(contentMd5[0].Trim(), claimed, out var written) || written != MD5.HashSizeInBytes)
            {
                return "Content-MD5 is not a base64-encoded MD5 digest.";
            }

            Span<byte> actual = stackalloc byte[MD5.HashSizeInBytes];
#pragma warning disable CA5351 // Content-MD5 is defined as MD5; it is an integrity check, not a security primitive.
            MD5.HashData(body, actual);
#pragma warning restore CA5351
            if (!CryptographicOperations.FixedTimeEquals(claimed[..written], actual))
            {
                return "Content-MD5 does not match the body.";
            }
        }

        if (contentSha256.Count == 1)
        {
            var value = contentSha256[0].AsSpan().Trim();
            if (!value.SequenceEqual(UnsignedPayload))
            {
                Span<byte> claimed = stackalloc byte[SHA256.HashSizeInBytes];
                if (value.Length != SHA256.HashSizeInBytes * 2
                    || Convert.FromHexString(value, claimed, out _, out var written) != System.Buffers.OperationStatus.Done
                    || written != SHA256.HashSizeInBytes)
                {
                    return "X-Sdk-Content-Sha256 is not a hex SHA-256 digest or UNSIGNED-PAYLOAD.";
                }

                Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
                SHA256.HashData(body, actual);
                if (!CryptographicOperations.FixedTimeEquals(claimed, actual))
                {
                    return "X-Sdk-Content-Sha256 does not match the body.";
                }
            }
        }

        return null;
    }
}
