using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Authorizer.Core.Requests;

namespace Authorizer.Core.Signing;

/// <summary>
/// The Huawei Cloud APIG app-signing CanonicalRequest and StringToSign (docs/authentication.md §3, <c>signature-sdk</c>),
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
        var text = new CanonicalText(stackalloc char[256]);
        try
        {
            WriteCanonicalUri(ref text, wirePath);
            return text.ToString();
        }
        finally
        {
            text.Dispose();
        }
    }

    /// <summary>Names sorted; a repeated name's values sorted; <c>name=value</c> RFC 3986-encoded, joined by <c>&amp;</c>.</summary>
    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> decodedQuery)
    {
        ArgumentNullException.ThrowIfNull(decodedQuery);
        var text = new CanonicalText(stackalloc char[256]);
        try
        {
            WriteCanonicalQuery(ref text, CaCanonicalizer.AsList(decodedQuery));
            return text.ToString();
        }
        finally
        {
            text.Dispose();
        }
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
        Func<string, string?> header) =>
        BuildCanonicalRequest(method, wirePath, decodedQuery, signedHeaderNames, header, bodySha256Hex: null);

    /// <summary>
    /// As the other overload, with the body's hash: it is the payload hash when no <c>X-Sdk-Content-Sha256</c> is
    /// sent (what the official SDKs sign for a JSON body). Null stands for an empty body.
    /// </summary>
    /// <param name="bodySha256Hex">hex(SHA-256(body)), lower case; null when the body is empty or unknown.</param>
    public static string BuildCanonicalRequest(
        string method,
        string wirePath,
        IEnumerable<KeyValuePair<string, string>> decodedQuery,
        IReadOnlyList<string> signedHeaderNames,
        Func<string, string?> header,
        string? bodySha256Hex)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(wirePath);
        ArgumentNullException.ThrowIfNull(decodedQuery);
        ArgumentNullException.ThrowIfNull(signedHeaderNames);
        ArgumentNullException.ThrowIfNull(header);
        var text = new CanonicalText(stackalloc char[512]);
        try
        {
            WriteCanonicalRequest(ref text, method, wirePath, CaCanonicalizer.AsList(decodedQuery), CaCanonicalizer.AsSpan(signedHeaderNames), new LookupHeaders(header), bodySha256Hex);
            return text.ToString();
        }
        finally
        {
            text.Dispose();
        }
    }

    /// <summary>The CanonicalRequest written into <paramref name="text"/>: the one implementation behind signing and verifying.</summary>
    internal static void WriteCanonicalRequest<THeaders>(
        ref CanonicalText text,
        string method,
        string wirePath,
        IReadOnlyList<KeyValuePair<string, string>> decodedQuery,
        ReadOnlySpan<string> signedHeaderNames,
        THeaders headers,
        string? bodySha256Hex = null)
        where THeaders : ICanonicalHeaders
    {
        text.AppendUpperInvariant(method);
        text.Append('\n');
        WriteCanonicalUri(ref text, wirePath);
        text.Append('\n');
        WriteCanonicalQuery(ref text, decodedQuery);
        text.Append('\n');
        for (var i = 0; i < signedHeaderNames.Length; i++)
        {
            var name = signedHeaderNames[i];
            text.Append(name);
            text.Append(':');
            var start = text.Length;
            headers.AppendSignedValue(i, name, ref text);
            text.TrimFrom(start);
            text.Append('\n');
        }

        text.Append('\n');
        for (var i = 0; i < signedHeaderNames.Length; i++)
        {
            if (i > 0)
            {
                text.Append(';');
            }

            text.Append(signedHeaderNames[i]);
        }

        text.Append('\n');
        var payloadStart = text.Length;
        if (!headers.AppendValue(ContentSha256Header, ref text) || text.Length == payloadStart)
        {
            text.Append(bodySha256Hex ?? EmptyPayloadHash);
        }
        else
        {
            text.TrimFrom(payloadStart);
        }
    }

    /// <summary><c>SDK-HMAC-SHA256\nX-Sdk-Date\nhex(SHA256(CanonicalRequest))</c>.</summary>
    public static string BuildStringToSign(string sdkDate, string canonicalRequest)
    {
        ArgumentNullException.ThrowIfNull(canonicalRequest);
        var text = new CanonicalText(stackalloc char[128]);
        try
        {
            WriteStringToSign(ref text, sdkDate, canonicalRequest);
            return text.ToString();
        }
        finally
        {
            text.Dispose();
        }
    }

    [SkipLocalsInit]
    internal static void WriteStringToSign(ref CanonicalText text, ReadOnlySpan<char> sdkDate, ReadOnlySpan<char> canonicalRequest)
    {
        Span<byte> hash = stackalloc byte[32];
        ReusedHashes.Sha256(canonicalRequest, hash);
        Span<char> hex = stackalloc char[64];
        Convert.TryToHexStringLower(hash, hex, out _);
        text.Append(Algorithm);
        text.Append('\n');
        text.Append(sdkDate);
        text.Append('\n');
        text.Append(hex);
    }

    private static void WriteCanonicalUri(ref CanonicalText text, string wirePath)
    {
        var decoded = PercentEncoding.Decode(wirePath).AsSpan();
        var start = text.Length;
        var first = true;
        foreach (var range in decoded.Split('/'))
        {
            if (!first)
            {
                text.Append('/');
            }

            first = false;
            PercentEncoding.AppendRfc3986(ref text, decoded[range]);
        }

        if (text.Length == start || text[text.Length - 1] != '/')
        {
            text.Append('/');
        }
    }

    [SkipLocalsInit]
    private static void WriteCanonicalQuery(ref CanonicalText text, IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        var count = pairs.Count;
        if (count == 0)
        {
            return;
        }

        int[]? rented = null;
        var order = count <= 64 ? stackalloc int[count] : (rented = System.Buffers.ArrayPool<int>.Shared.Rent(count)).AsSpan(0, count);
        try
        {
            QueryOrder.ByNameThenValue(pairs, order);
            for (var i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    text.Append('&');
                }

                var pair = pairs[order[i]];
                PercentEncoding.AppendRfc3986(ref text, pair.Key);
                text.Append('=');
                PercentEncoding.AppendRfc3986(ref text, pair.Value);
            }
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<int>.Shared.Return(rented);
            }
        }
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
        var names = default(HeaderNameList);
        try
        {
            if (!TryParseAuthorization(value, out var appKey, out var signature, ref names))
            {
                return false;
            }

            authorization = new SdkAuthorization(appKey, [.. names.Items], value[signature]);
            return true;
        }
        finally
        {
            names.Dispose();
        }
    }

    /// <summary>
    /// The parse behind <see cref="TryParseAuthorization(string, out SdkAuthorization?)"/>: the signed header names go
    /// into <paramref name="signedHeaders"/>, the signature stays a range of <paramref name="value"/>.
    /// </summary>
    internal static bool TryParseAuthorization(string value, [NotNullWhen(true)] out string? appKey, out Range signature, ref HeaderNameList signedHeaders) =>
        TryParseAuthorization(value, out appKey, out signature, ref signedHeaders, collectNames: true);

    /// <summary>
    /// The AppKey of an Authorization header that <see cref="TryParseAuthorization(string, out string?, out Range, ref HeaderNameList)"/>
    /// accepts, by the same parse, without collecting (lower-casing, pooling) the signed header names: for a caller
    /// that only needs the claimed AppKey before the verifier parses the header for itself.
    /// </summary>
    internal static bool TryReadAppKey(string value, [NotNullWhen(true)] out string? appKey)
    {
        var unused = default(HeaderNameList);
        return TryParseAuthorization(value, out appKey, out _, ref unused, collectNames: false);
    }

    private static bool TryParseAuthorization(string value, [NotNullWhen(true)] out string? appKey, out Range signature, ref HeaderNameList signedHeaders, bool collectNames)
    {
        appKey = null;
        signature = default;
        if (value is null || !IsSdkAuthorization(value))
        {
            return false;
        }

        var offset = Algorithm.Length + 1;
        var rest = value.AsSpan(offset);
        Range access = default, headerList = default;
        bool seenAccess = false, seenHeaders = false, seenSignature = false;
        foreach (var range in rest.Split(','))
        {
            var (partStart, partLength) = Trimmed(rest, range);
            var part = rest.Slice(partStart, partLength);
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                return false;
            }

            var key = part[..eq].Trim();
            var (itemStart, itemLength) = Trimmed(part, (eq + 1)..);
            var item = new Range(offset + partStart + itemStart, offset + partStart + itemStart + itemLength);
            if (key.SequenceEqual("Access") && !seenAccess)
            {
                (seenAccess, access) = (true, item);
            }
            else if (key.SequenceEqual("SignedHeaders") && !seenHeaders)
            {
                (seenHeaders, headerList) = (true, item);
            }
            else if (key.SequenceEqual("Signature") && !seenSignature)
            {
                (seenSignature, signature) = (true, item);
            }
            else
            {
                return false;
            }
        }

        var span = value.AsSpan();
        if (!seenAccess || !seenHeaders || !seenSignature
            || span[access].IsEmpty || span[headerList].IsEmpty || span[signature].IsEmpty)
        {
            return false;
        }

        var names = span[headerList];
        foreach (var range in names.Split(';'))
        {
            var name = names[range].Trim();
            if (name.IsEmpty)
            {
                return false;
            }

            if (collectNames)
            {
                signedHeaders.Add(KnownHeaderNames.LowerInvariant(name));
            }
        }

        appKey = value[access];
        return true;
    }

    private static (int Start, int Length) Trimmed(ReadOnlySpan<char> text, Range range)
    {
        var (start, length) = range.GetOffsetAndLength(text.Length);
        var slice = text.Slice(start, length);
        var lead = slice.Length - slice.TrimStart().Length;
        return (start + lead, slice.Trim().Length);
    }
}

/// <summary>The parts of a <c>SDK-HMAC-SHA256</c> Authorization header.</summary>
public sealed record SdkAuthorization(string AppKey, IReadOnlyList<string> SignedHeaders, string Signature);
