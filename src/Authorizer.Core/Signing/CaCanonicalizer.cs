using System.Security.Cryptography;
using System.Text;

namespace Authorizer.Core.Signing;

/// <summary>
/// The Alibaba Cloud API Gateway StringToSign (auth.md §3, <c>signature-ca</c>). The verifier and the client
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
        if (string.IsNullOrWhiteSpace(headerValue))
        {
            return [];
        }

        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var raw in headerValue.Split(','))
        {
            var name = raw.Trim().ToLowerInvariant();
            if (name.Length > 0 && name != "x-ca-signature")
            {
                names.Add(name);
            }
        }

        return [.. names];
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
        ArgumentNullException.ThrowIfNull(signedHeaderNames);
        ArgumentNullException.ThrowIfNull(header);
        var builder = new StringBuilder(256);
        builder.Append(method.ToUpperInvariant()).Append('\n');
        builder.Append(header("Accept")).Append('\n');
        builder.Append(header("Content-MD5")).Append('\n');
        builder.Append(header("Content-Type")).Append('\n');
        builder.Append(header("Date")).Append('\n');
        foreach (var name in signedHeaderNames)
        {
            builder.Append(name).Append(':').Append(header(name)).Append('\n');
        }

        AppendPathAndParameters(builder, wirePath, decodedQuery);
        return builder.ToString();
    }

    /// <summary>The wire path, then <c>?</c> and the decoded parameters sorted by name (<c>name=value</c>, or bare <c>name</c> when empty).</summary>
    public static string BuildPathAndParameters(string wirePath, IEnumerable<KeyValuePair<string, string>> decodedQuery)
    {
        var builder = new StringBuilder(wirePath.Length + 32);
        AppendPathAndParameters(builder, wirePath, decodedQuery);
        return builder.ToString();
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

    private static void AppendPathAndParameters(StringBuilder builder, string wirePath, IEnumerable<KeyValuePair<string, string>> decodedQuery)
    {
        ArgumentNullException.ThrowIfNull(wirePath);
        ArgumentNullException.ThrowIfNull(decodedQuery);
        builder.Append(wirePath);
        var pairs = decodedQuery as IReadOnlyCollection<KeyValuePair<string, string>> ?? [.. decodedQuery];
        if (pairs.Count == 0)
        {
            return;
        }

        // A repeated name is one parameter whose values are joined by ',' in arrival order: the official
        // aliyun-api-gateway client parses the query into an object and stringifies the array that way.
        var sorted = pairs.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
        builder.Append('?');
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i > 0)
            {
                builder.Append('&');
            }

            var name = sorted[i].Key;
            builder.Append(name);
            var end = i;
            while (end + 1 < sorted.Length && string.Equals(sorted[end + 1].Key, name, StringComparison.Ordinal))
            {
                end++;
            }

            if (end == i)
            {
                if (sorted[i].Value.Length > 0)
                {
                    builder.Append('=').Append(sorted[i].Value);
                }

                continue;
            }

            builder.Append('=');
            for (var j = i; j <= end; j++)
            {
                if (j > i)
                {
                    builder.Append(',');
                }

                builder.Append(sorted[j].Value);
            }

            i = end;
        }
    }
}
