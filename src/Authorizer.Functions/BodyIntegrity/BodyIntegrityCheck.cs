using System.Security.Cryptography;
using System.Text;
using Authorizer.Functions.Events;

namespace Authorizer.Functions.BodyIntegrity;

/// <summary>
/// For protected functions: the authorizer never sees the body, so a signature covering <c>Content-MD5</c> or
/// <c>X-Sdk-Content-Sha256</c> only protects the body once the backend checks the body against them.
/// <c>Content-MD5</c> is base64 MD5; <c>X-Sdk-Content-Sha256</c> is hex SHA-256 (<c>UNSIGNED-PAYLOAD</c> skips it).
/// A header given twice, undecodable, or not matching the body fails.
/// </summary>
public static class BodyIntegrityCheck
{
    public const string ContentMd5Header = "Content-MD5";
    public const string ContentSha256Header = "X-Sdk-Content-Sha256";
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    public const string ErrorCode = "body_integrity";

    /// <summary>Checks a proxy event's body (decoded from base64 when <c>isBase64Encoded</c>).</summary>
    public static BodyIntegrityResult Check(RestProxyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Check(
            HeaderValues(request, ContentMd5Header),
            HeaderValues(request, ContentSha256Header),
            request.Body,
            request.IsBase64Encoded == true);
    }

    /// <summary>Checks a body against the values of the two headers as received (each list: every occurrence).</summary>
    public static BodyIntegrityResult Check(IReadOnlyList<string> contentMd5, IReadOnlyList<string> contentSha256, string? body, bool isBase64Encoded)
    {
        ArgumentNullException.ThrowIfNull(contentMd5);
        ArgumentNullException.ThrowIfNull(contentSha256);
        if (contentMd5.Count == 0 && contentSha256.Count == 0)
        {
            return BodyIntegrityResult.Valid;
        }

        if (contentMd5.Count > 1 || contentSha256.Count > 1)
        {
            return BodyIntegrityResult.Invalid("Content-MD5 and X-Sdk-Content-Sha256 may each be sent once.");
        }

        byte[] bytes;
        if (body is null)
        {
            bytes = [];
        }
        else if (isBase64Encoded)
        {
            try
            {
                bytes = Convert.FromBase64String(body);
            }
            catch (FormatException)
            {
                return BodyIntegrityResult.Invalid("The body is marked base64-encoded but is not valid base64.");
            }
        }
        else
        {
            bytes = Encoding.UTF8.GetBytes(body);
        }

        if (contentMd5.Count == 1)
        {
            var claimed = DecodeBase64(contentMd5[0].Trim());
            if (claimed is null || claimed.Length != MD5.HashSizeInBytes)
            {
                return BodyIntegrityResult.Invalid("Content-MD5 is not a base64-encoded MD5 digest.");
            }

#pragma warning disable CA5351 // Content-MD5 is defined as MD5; it is an integrity check, not a security primitive.
            var actual = MD5.HashData(bytes);
#pragma warning restore CA5351
            if (!CryptographicOperations.FixedTimeEquals(claimed, actual))
            {
                return BodyIntegrityResult.Invalid("Content-MD5 does not match the body.");
            }
        }

        if (contentSha256.Count == 1)
        {
            var value = contentSha256[0].Trim();
            if (!string.Equals(value, UnsignedPayload, StringComparison.Ordinal))
            {
                var claimed = DecodeHex(value);
                if (claimed is null || claimed.Length != SHA256.HashSizeInBytes)
                {
                    return BodyIntegrityResult.Invalid("X-Sdk-Content-Sha256 is not a hex SHA-256 digest or UNSIGNED-PAYLOAD.");
                }

                if (!CryptographicOperations.FixedTimeEquals(claimed, SHA256.HashData(bytes)))
                {
                    return BodyIntegrityResult.Invalid("X-Sdk-Content-Sha256 does not match the body.");
                }
            }
        }

        return BodyIntegrityResult.Valid;
    }

    /// <summary>The 400 answer for a failed check: <c>{"error":"body_integrity","message":…}</c>.</summary>
    public static RestProxyResponse ToErrorResponse(BodyIntegrityResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var body = new ErrorResponseBody { Error = ErrorCode, Message = result.Message ?? "The body does not match its digest headers." };
        return new RestProxyResponse
        {
            StatusCode = 400,
            Headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["Content-Type"] = "application/json" },
            Body = System.Text.Json.JsonSerializer.Serialize(body, FunctionsJsonContext.Default.ErrorResponseBody),
        };
    }

    /// <summary>Every value of a header, case-insensitively, from <c>multiValueHeaders</c> else <c>headers</c>.</summary>
    internal static List<string> HeaderValues(RestProxyRequest request, string name)
    {
        var values = new List<string>();
        var seenInMulti = false;
        if (request.MultiValueHeaders is not null)
        {
            foreach (var (key, list) in request.MultiValueHeaders)
            {
                if (list is not null && string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    seenInMulti = true;
                    values.AddRange(list.Where(v => v is not null)!);
                }
            }
        }

        if (!seenInMulti && request.Headers is not null)
        {
            foreach (var (key, value) in request.Headers)
            {
                if (value is not null && string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    values.Add(value);
                }
            }
        }

        return values;
    }

    private static byte[]? DecodeBase64(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }

    private static byte[]? DecodeHex(string text)
    {
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>The outcome of <see cref="BodyIntegrityCheck"/>; <see cref="Message"/> says which check failed.</summary>
public sealed record BodyIntegrityResult(bool IsValid, string? Message)
{
    public static BodyIntegrityResult Valid { get; } = new(true, null);

    public static BodyIntegrityResult Invalid(string message) => new(false, message);
}
