using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Authorizer.Core.Signing;

/// <summary>
/// The Huawei Cloud APIG app-signing CanonicalRequest and StringToSign (auth.md §3, <c>signature-sdk</c>),
/// shared by the verifier and the client signer.
/// </summary>
public static class SdkCanonicalizer
{
    public const string Algorithm = "SDK-HMAC-SHA256";
    public const string DateHeader = "X-Sdk-Date";
    public const string ContentSha256Header = "X-Sdk-Content-Sha256";
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>hex(SHA-256("")), the payload hash when no <c>X-Sdk-Content-Sha256</c> is sent.</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>The path decoded, each segment RFC 3986-encoded, always ending in <c>/</c>.</summary>
    public static string CanonicalUri(string wirePath)
    {
        ArgumentNullException.ThrowIfNull(wirePath);
        var decoded = PercentEncoding.Decode(wirePath);
        var segments = decoded.Split('/');
        var builder = new StringBuilder(decoded.Length + 8);
        for (var i = 0; i < segments.Length; i++)
        {
            if (i > 0)
            {
                builder.Append('/');
            }

            builder.Append(PercentEncoding.EncodeRfc3986(segments[i]));
        }

        if (builder.Length == 0 || builder[^1] != '/')
        {
            builder.Append('/');
        }

        return builder.ToString();
    }

    /// <summary>Names sorted; a repeated name's values sorted; <c>name=value</c> RFC 3986-encoded, joined by <c>&amp;</c>.</summary>
    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> decodedQuery)
    {
        ArgumentNullException.ThrowIfNull(decodedQuery);
        var sorted = decodedQuery
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        var builder = new StringBuilder();
        foreach (var pair in sorted)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(PercentEncoding.EncodeRfc3986(pair.Key)).Append('=').Append(PercentEncoding.EncodeRfc3986(pair.Value));
        }

        return builder.ToString();
    }

    /// <summary>
    /// <c>METHOD\nCanonicalURI\nCanonicalQuery\nCanonicalHeaders\nSignedHeaders\nPayloadHash</c>.
    /// </summary>
    /// <param name="signedHeaderNames">Lower-case names in the order of <c>SignedHeaders</c>.</param>
    /// <param name="header">Returns a header's value (repeats joined by <c>,</c>) or null when absent.</param>
    public static string BuildCanonicalRequest(
        string method,
        string wirePath,
        IEnumerable<KeyValuePair<string, string>> decodedQuery,
        IReadOnlyList<string> signedHeaderNames,
        Func<string, string?> header)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(signedHeaderNames);
        ArgumentNullException.ThrowIfNull(header);
        var builder = new StringBuilder(256);
        builder.Append(method.ToUpperInvariant()).Append('\n');
        builder.Append(CanonicalUri(wirePath)).Append('\n');
        builder.Append(CanonicalQuery(decodedQuery)).Append('\n');
        foreach (var name in signedHeaderNames)
        {
            builder.Append(name).Append(':').Append((header(name) ?? string.Empty).Trim()).Append('\n');
        }

        builder.Append('\n');
        builder.Append(string.Join(';', signedHeaderNames)).Append('\n');
        var payloadHash = header(ContentSha256Header);
        builder.Append(string.IsNullOrEmpty(payloadHash) ? EmptyPayloadHash : payloadHash.Trim());
        return builder.ToString();
    }

    /// <summary><c>SDK-HMAC-SHA256\nX-Sdk-Date\nhex(SHA256(CanonicalRequest))</c>.</summary>
    public static string BuildStringToSign(string sdkDate, string canonicalRequest)
    {
        ArgumentNullException.ThrowIfNull(canonicalRequest);
        Span<byte> hash = stackalloc byte[32];
        ReusedHashes.Sha256(canonicalRequest, hash);
        return Algorithm + "\n" + sdkDate + "\n" + Convert.ToHexStringLower(hash);
    }

    /// <summary>hex(HMAC-SHA256(secret, UTF-8 stringToSign)), lower case.</summary>
    public static string ComputeSignature(string stringToSign, ReadOnlySpan<byte> secret) =>
        Convert.ToHexStringLower(ComputeSignatureBytes(stringToSign, secret));

    public static byte[] ComputeSignatureBytes(string stringToSign, ReadOnlySpan<byte> secret)
    {
        ArgumentNullException.ThrowIfNull(stringToSign);
        return ReusedHashes.Hmac(HashAlgorithmName.SHA256, secret, stringToSign);
    }

    public static string FormatDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static bool TryParseDate(string? value, out DateTimeOffset time)
    {
        if (value is not null && value.Length == 16 && DateTime.TryParseExact(
            value,
            DateFormat,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal,
            out var parsed))
        {
            time = new DateTimeOffset(parsed, TimeSpan.Zero);
            return true;
        }

        time = default;
        return false;
    }

    public static string FormatAuthorization(string appKey, IReadOnlyList<string> signedHeaderNames, string signature) =>
        $"{Algorithm} Access={appKey}, SignedHeaders={string.Join(';', signedHeaderNames)}, Signature={signature}";

    /// <summary>True when the value starts with the <c>SDK-HMAC-SHA256 </c> scheme word (case-insensitive).</summary>
    public static bool IsSdkAuthorization(string value) =>
        value.Length > Algorithm.Length
        && value.StartsWith(Algorithm, StringComparison.OrdinalIgnoreCase)
        && value[Algorithm.Length] == ' ';

    /// <summary>Parses <c>SDK-HMAC-SHA256 Access=…, SignedHeaders=a;b, Signature=hex</c>.</summary>
    public static bool TryParseAuthorization(string value, [NotNullWhen(true)] out SdkAuthorization? authorization)
    {
        authorization = null;
        if (value is null || !IsSdkAuthorization(value))
        {
            return false;
        }

        string? access = null;
        string? signedHeaders = null;
        string? signature = null;
        foreach (var raw in value[(Algorithm.Length + 1)..].Split(','))
        {
            var part = raw.Trim();
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return false;
            }

            var key = part[..eq].Trim();
            var item = part[(eq + 1)..].Trim();
            switch (key)
            {
                case "Access" when access is null:
                    access = item;
                    break;
                case "SignedHeaders" when signedHeaders is null:
                    signedHeaders = item;
                    break;
                case "Signature" when signature is null:
                    signature = item;
                    break;
                default:
                    return false;
            }
        }

        if (string.IsNullOrEmpty(access) || string.IsNullOrEmpty(signedHeaders) || string.IsNullOrEmpty(signature))
        {
            return false;
        }

        var names = new List<string>();
        foreach (var name in signedHeaders.Split(';'))
        {
            var trimmed = name.Trim().ToLowerInvariant();
            if (trimmed.Length == 0)
            {
                return false;
            }

            names.Add(trimmed);
        }

        authorization = new SdkAuthorization(access, names, signature);
        return true;
    }
}

/// <summary>The parts of a <c>SDK-HMAC-SHA256</c> Authorization header.</summary>
public sealed record SdkAuthorization(string AppKey, IReadOnlyList<string> SignedHeaders, string Signature);
