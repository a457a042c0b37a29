using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Authorizer.Core.Requests;

namespace Authorizer.Core.Signing;

/// <summary>
/// The Alibaba Cloud API Gateway StringToSign (docs/authentication.md §3, <c>signature-ca</c>). The verifier and the client
/// signer both build their string here.
/// </summary>
public static class CaCanonicalizer
{
    /// <summary>
    /// Parses <c>X-Ca-Signature-Headers</c>: trimmed, lower-cased, distinct, sorted ordinally. The signature
    /// header itself is never part of what it signs, so it is dropped.
    /// </summary>
    public static IReadOnlyList<string> ParseSignedHeaderNames(string? headerValue)
    {
        var names = default(HeaderNameList);
        try
        {
            AddSignedHeaderNames(headerValue, ref names);
            names.SortDistinct();
            return names.ToArray();
        }
        finally
        {
            names.Dispose();
        }
    }

    /// <summary>
    /// Adds the names of one <c>X-Ca-Signature-Headers</c> value (trimmed, lower-cased, the signature header left
    /// out); the caller sorts and drops repeats once every value is in (<see cref="HeaderNameList.SortDistinct"/>).
    /// </summary>
    internal static void AddSignedHeaderNames(ReadOnlySpan<char> headerValue, ref HeaderNameList names)
    {
        foreach (var range in headerValue.Split(','))
        {
            var raw = headerValue[range].Trim();
            if (raw.IsEmpty)
            {
                continue;
            }

            var name = KnownHeaderNames.LowerInvariant(raw);
            if (name != "x-ca-signature")
            {
                names.Add(name);
            }
        }
    }

    /// <summary>
    /// <c>METHOD\nAccept\nContent-MD5\nContent-Type\nDate\n</c> + <c>name:value\n</c> per signed header + PathAndParameters.
    /// </summary>
    /// <param name="header">Returns a header's value (repeats joined by <c>,</c>) or null when absent.</param>
    /// <param name="signedHeaderNames">Lower-case names, sorted (see <see cref="ParseSignedHeaderNames"/>).</param>
    public static string BuildStringToSign(
        string method,
        string wirePath,
        IEnumerable<KeyValuePair<string, string>> decodedQuery,
        IReadOnlyList<string> signedHeaderNames,
        Func<string, string?> header)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(wirePath);
        ArgumentNullException.ThrowIfNull(decodedQuery);
        ArgumentNullException.ThrowIfNull(signedHeaderNames);
        ArgumentNullException.ThrowIfNull(header);
        var text = new CanonicalText(stackalloc char[512]);
        try
        {
            WriteStringToSign(ref text, method, wirePath, AsList(decodedQuery), AsSpan(signedHeaderNames), new LookupHeaders(header));
            return text.ToString();
        }
        finally
        {
            text.Dispose();
        }
    }

    /// <summary>The StringToSign written into <paramref name="text"/>: the one implementation behind signing and verifying.</summary>
    internal static void WriteStringToSign<THeaders>(
        ref CanonicalText text,
        string method,
        string wirePath,
        IReadOnlyList<KeyValuePair<string, string>> decodedQuery,
        ReadOnlySpan<string> signedHeaderNames,
        THeaders headers)
        where THeaders : ICanonicalHeaders
    {
        text.AppendUpperInvariant(method);
        text.Append('\n');
        headers.AppendValue("Accept", ref text);
        text.Append('\n');
        headers.AppendValue("Content-MD5", ref text);
        text.Append('\n');
        headers.AppendValue("Content-Type", ref text);
        text.Append('\n');
        headers.AppendValue("Date", ref text);
        text.Append('\n');
        for (var i = 0; i < signedHeaderNames.Length; i++)
        {
            var name = signedHeaderNames[i];
            text.Append(name);
            text.Append(':');
            headers.AppendSignedValue(i, name, ref text);
            text.Append('\n');
        }

        WritePathAndParameters(ref text, wirePath, decodedQuery);
    }

    /// <summary>The wire path, then <c>?</c> and the decoded parameters sorted by name (<c>name=value</c>, or bare <c>name</c> when empty).</summary>
    public static string BuildPathAndParameters(string wirePath, IEnumerable<KeyValuePair<string, string>> decodedQuery)
    {
        ArgumentNullException.ThrowIfNull(wirePath);
        ArgumentNullException.ThrowIfNull(decodedQuery);
        var text = new CanonicalText(stackalloc char[256]);
        try
        {
            WritePathAndParameters(ref text, wirePath, AsList(decodedQuery));
            return text.ToString();
        }
        finally
        {
            text.Dispose();
        }
    }

    /// <summary>base64(HMAC(secret, UTF-8 stringToSign)).</summary>
    public static string ComputeSignature(string stringToSign, ReadOnlySpan<byte> secret, CaSignatureMethod method)
    {
        return Convert.ToBase64String(ComputeSignatureBytes(stringToSign, secret, method));
    }

    /// <summary>The raw HMAC bytes, for constant-time comparison with a decoded signature.</summary>
    public static byte[] ComputeSignatureBytes(string stringToSign, ReadOnlySpan<byte> secret, CaSignatureMethod method)
    {
        ArgumentNullException.ThrowIfNull(stringToSign);
        // HmacSHA1 is part of the Alibaba protocol; APIs must opt in (allowHmacSha1).
        return ReusedHashes.Hmac(method == CaSignatureMethod.HmacSha1 ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256, secret, stringToSign);
    }

    /// <summary>The StringToSign as Alibaba's gateway shows it in errors: every <c>\n</c> as <c>#</c>.</summary>
    public static string ForDisplay(string stringToSign) => stringToSign.Replace('\n', '#');

    public static bool TryParseMethod(string? value, out CaSignatureMethod method)
    {
        if (string.IsNullOrEmpty(value) || string.Equals(value, CaHeaders.HmacSha256Name, StringComparison.OrdinalIgnoreCase))
        {
            method = CaSignatureMethod.HmacSha256;
            return true;
        }

        if (string.Equals(value, CaHeaders.HmacSha1Name, StringComparison.OrdinalIgnoreCase))
        {
            method = CaSignatureMethod.HmacSha1;
            return true;
        }

        method = CaSignatureMethod.HmacSha256;
        return false;
    }

    public static string MethodName(CaSignatureMethod method) =>
        method == CaSignatureMethod.HmacSha1 ? CaHeaders.HmacSha1Name : CaHeaders.HmacSha256Name;

    internal static IReadOnlyList<KeyValuePair<string, string>> AsList(IEnumerable<KeyValuePair<string, string>> pairs) =>
        pairs as IReadOnlyList<KeyValuePair<string, string>> ?? [.. pairs];

    internal static ReadOnlySpan<string> AsSpan(IReadOnlyList<string> names) =>
        names as string[] ?? [.. names];

    [SkipLocalsInit]
    private static void WritePathAndParameters(ref CanonicalText text, string wirePath, IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        text.Append(wirePath);
        var count = pairs.Count;
        if (count == 0)
        {
            return;
        }

        // A repeated name is one parameter whose values are joined by ',' in arrival order: the official
        // aliyun-api-gateway client parses the query into an object and stringifies the array that way.
        int[]? rented = null;
        var order = count <= 64 ? stackalloc int[count] : (rented = System.Buffers.ArrayPool<int>.Shared.Rent(count)).AsSpan(0, count);
        try
        {
            QueryOrder.ByName(pairs, order);
            text.Append('?');
            for (var i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    text.Append('&');
                }

                var first = pairs[order[i]];
                var name = first.Key;
                text.Append(name);
                var end = i;
                while (end + 1 < count && string.Equals(pairs[order[end + 1]].Key, name, StringComparison.Ordinal))
                {
                    end++;
                }

                if (end == i)
                {
                    if (first.Value.Length > 0)
                    {
                        text.Append('=');
                        text.Append(first.Value);
                    }

                    continue;
                }

                text.Append('=');
                for (var j = i; j <= end; j++)
                {
                    if (j > i)
                    {
                        text.Append(',');
                    }

                    text.Append(pairs[order[j]].Value);
                }

                i = end;
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
}
