namespace Authorizer.Local.Gateway;

/// <summary>A request as it arrived on the wire: raw (still percent-encoded) path and query, headers in order.</summary>
internal sealed record GatewayRequest(
    string Method,
    string RawPath,
    string RawQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body,
    string SourceIp,
    string RequestId,
    DateTimeOffset ReceivedAt)
{
    public string DecodedPath => Uri.UnescapeDataString(RawPath);

    /// <summary>Query parameters in order, names and values decoded; <c>+</c> stays a plus, as in API Gateway.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; } = ParseQuery(RawQuery);

    public IEnumerable<string> HeaderValues(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    public string? Header(string name) => HeaderValues(name).LastOrDefault();

    private static List<KeyValuePair<string, string>> ParseQuery(string rawQuery)
    {
        var result = new List<KeyValuePair<string, string>>();
        var query = rawQuery.StartsWith('?') ? rawQuery[1..] : rawQuery;
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? string.Empty : part[(eq + 1)..];
            result.Add(new(Unescape(name), Unescape(value)));
        }

        return result;
    }

    private static string Unescape(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return text;
        }
    }
}
