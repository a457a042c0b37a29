namespace Authorizer.Core.Signing;

/// <summary>
/// What a signature covers: method, the path in its wire form (percent-escapes kept), the decoded query
/// parameters (repeats kept) and the headers. Both the client signers and the verifiers canonicalize this shape.
/// </summary>
public sealed record SignableRequest
{
    public SignableRequest(
        string method,
        string path,
        IReadOnlyList<KeyValuePair<string, string>>? query = null,
        IReadOnlyList<KeyValuePair<string, string>>? headers = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(path);
        Method = method.ToUpperInvariant();
        Path = path;
        Query = query ?? [];
        Headers = headers ?? [];
    }

    /// <summary>Upper-case HTTP method.</summary>
    public string Method { get; }

    /// <summary>The path as it goes on the wire, percent-escapes kept.</summary>
    public string Path { get; }

    /// <summary>Decoded query parameters in order, repeats kept.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; }

    /// <summary>Request headers; names compare case-insensitively.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>
    /// The body's bytes, when the signature is to cover it: the fields of a form body join the query in the
    /// Alibaba string to sign, and with <see cref="SigningOptions.SdkBodyInSignature"/> the Huawei canonical
    /// request carries the body's SHA-256. Empty by default.
    /// </summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>
    /// Builds a request from an absolute URL. The path keeps its escapes; query values are decoded
    /// (<c>+</c> stays a plus). A <c>host</c> header is added from the URL when none is given.
    /// </summary>
    public static SignableRequest FromUri(string method, Uri uri, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException("The URL must be absolute.", nameof(uri));
        }

        var headerList = headers is null ? new List<KeyValuePair<string, string>>() : [.. headers];
        if (!headerList.Exists(h => string.Equals(h.Key, "host", StringComparison.OrdinalIgnoreCase)))
        {
            headerList.Add(new KeyValuePair<string, string>("host", uri.Authority));
        }

        var path = uri.AbsolutePath.Length == 0 ? "/" : uri.AbsolutePath;
        return new SignableRequest(method, path, ParseQuery(uri.Query), headerList);
    }

    /// <summary>Parses a raw query string (with or without the leading <c>?</c>) into decoded pairs.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseQuery(string? rawQuery)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(rawQuery))
        {
            return result;
        }

        var span = rawQuery.AsSpan();
        if (span[0] == '?')
        {
            span = span[1..];
        }

        foreach (var range in span.Split('&'))
        {
            var part = span[range];
            if (part.IsEmpty)
            {
                continue;
            }

            var eq = part.IndexOf('=');
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? [] : part[(eq + 1)..];
            result.Add(new KeyValuePair<string, string>(
                PercentEncoding.Decode(name.ToString()),
                PercentEncoding.Decode(value.ToString())));
        }

        return result;
    }

    /// <summary>The header's values joined by <c>,</c>; null when absent.</summary>
    public string? GetHeader(string name)
    {
        string? found = null;
        foreach (var header in Headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                found = found is null ? header.Value : found + "," + header.Value;
            }
        }

        return found;
    }
}
