using Authorizer.Core.Requests;
using Authorizer.Core.Signing;

namespace Authorizer.Functions.Mapping;

/// <summary>
/// Parses an HTTP API <c>rawQueryString</c> into decoded pairs, in order, repeats kept. Percent-escapes are
/// decoded as UTF-8 (an invalid escape stays literal). <c>+</c> stays a literal plus, as RFC 3986 reads it and
/// as REST APIs deliver it: the Alibaba and Huawei signers encode a space as <c>%20</c>, so decoding <c>+</c> to
/// a space would break signatures over values that really contain <c>+</c>.
/// </summary>
public static class RawQueryParser
{
    public static QueryMap Parse(string? rawQueryString) => Parse(rawQueryString.AsSpan());

    /// <summary>As <see cref="Parse(string?)"/>, over the query's characters wherever they are.</summary>
    public static QueryMap Parse(ReadOnlySpan<char> raw)
    {
        if (raw.IsEmpty)
        {
            return new QueryMap();
        }

        var query = new QueryMap(raw.Count('&') + 1);
        if (raw[0] == '?')
        {
            raw = raw[1..];
        }

        foreach (var range in raw.Split('&'))
        {
            var part = raw[range];
            if (part.IsEmpty)
            {
                continue;
            }

            var eq = part.IndexOf('=');
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? [] : part[(eq + 1)..];
            query.Add(PercentEncoding.Decode(name.ToString()), PercentEncoding.Decode(value.ToString()));
        }

        return query;
    }
}
