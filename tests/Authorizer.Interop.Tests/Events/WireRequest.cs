using Authorizer.Interop.Tests.Corpus;

namespace Authorizer.Interop.Tests.Events;

/// <summary>
/// A request as API Gateway receives it: method, path still percent-encoded, headers as sent, and the query
/// both raw and decoded. Tampering makes altered copies; events are built from it.
/// </summary>
public sealed record WireRequest(
    string Method,
    string RawPath,
    string RawQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    IReadOnlyList<KeyValuePair<string, string>> Query)
{
    public static WireRequest From(SignedCase signedCase)
    {
        ArgumentNullException.ThrowIfNull(signedCase);
        return new WireRequest(signedCase.Method, signedCase.RawPath, signedCase.RawQuery, signedCase.Headers, ParseQuery(signedCase.RawQuery));
    }

    public string DecodedPath => Uri.UnescapeDataString(RawPath);

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public WireRequest WithHeader(string name, string value) => this with
    {
        Headers = [.. Headers.Select(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)
            ? new KeyValuePair<string, string>(h.Key, value)
            : h)],
    };

    public WireRequest WithQueryValue(int index, string value) => this with
    {
        Query = [.. Query.Select((q, i) => i == index ? new KeyValuePair<string, string>(q.Key, value) : q)],
    };

    /// <summary>
    /// Splits a raw query the way API Gateway fills <c>queryStringParameters</c>: on <c>&amp;</c>, name and value
    /// at the first <c>=</c>, each percent-decoded as UTF-8 (a <c>+</c> stays a plus), repeats kept in order.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseQuery(string rawQuery)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(rawQuery))
        {
            return pairs;
        }

        foreach (var part in rawQuery.Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? string.Empty : part[(equals + 1)..];
            pairs.Add(new KeyValuePair<string, string>(Uri.UnescapeDataString(name), Uri.UnescapeDataString(value)));
        }

        return pairs;
    }
}
