using System.Text;
using System.Text.Json;

namespace Authorizer.Security.Tests.Infrastructure;

/// <summary>
/// Builds API Gateway authorizer events the way the gateway shapes them (see tests/fixtures/aws-events): REST events
/// keep header names as sent with repeats in <c>multiValueHeaders</c> and decoded query values; HTTP API events
/// lower-case names, join repeats with a comma and pass the query raw.
/// </summary>
internal sealed class EventBuilder
{
    public const string DefaultArnPrefix = "arn:aws:execute-api:us-east-1:123456789012:corpusapi/Prod/";

    public string Kind { get; set; } = "rest";
    public string Method { get; set; } = "GET";

    /// <summary>REST: the wire path (still encoded). HTTP API: the decoded rawPath.</summary>
    public string Path { get; set; } = "/echo/a";
    public string? TopLevelPath { get; set; }

    /// <summary>The query as on the wire, without '?'.</summary>
    public string RawQuery { get; set; } = string.Empty;
    public List<KeyValuePair<string, string>> Headers { get; } = [];

    /// <summary>Full ARN; default is the corpus API, Prod stage, this method and <see cref="ArnResource"/>.</summary>
    public string? Arn { get; set; }
    public string ArnResource { get; set; } = "echo/corpus";
    public string SourceIp { get; set; } = "192.0.2.10";

    public EventBuilder Header(string name, string value)
    {
        Headers.Add(new KeyValuePair<string, string>(name, value));
        return this;
    }

    public string EffectiveArn => Arn ?? DefaultArnPrefix + Method + "/" + ArnResource;

    public byte[] ToUtf8() => Kind == "http" ? BuildHttpApi() : BuildRest();

    public string ToJson() => Encoding.UTF8.GetString(ToUtf8());

    private byte[] BuildRest()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", "REQUEST");
            w.WriteString("methodArn", EffectiveArn);
            w.WriteString("resource", "/{proxy+}");
            w.WriteString("path", TopLevelPath ?? Path);
            w.WriteString("httpMethod", Method);

            var byName = GroupExact(Headers);
            w.WriteStartObject("headers");
            foreach (var (name, values) in byName)
            {
                w.WriteString(name, values[^1]);
            }

            w.WriteEndObject();
            w.WriteStartObject("multiValueHeaders");
            foreach (var (name, values) in byName)
            {
                w.WriteStartArray(name);
                values.ForEach(w.WriteStringValue);
                w.WriteEndArray();
            }

            w.WriteEndObject();

            var query = GroupExact(ParseQuery(RawQuery, plusIsSpace: false));
            if (query.Count == 0)
            {
                w.WriteNull("queryStringParameters");
                w.WriteNull("multiValueQueryStringParameters");
            }
            else
            {
                w.WriteStartObject("queryStringParameters");
                foreach (var (name, values) in query)
                {
                    w.WriteString(name, values[^1]);
                }

                w.WriteEndObject();
                w.WriteStartObject("multiValueQueryStringParameters");
                foreach (var (name, values) in query)
                {
                    w.WriteStartArray(name);
                    values.ForEach(w.WriteStringValue);
                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteStartObject("pathParameters");
            w.WriteEndObject();
            w.WriteStartObject("stageVariables");
            w.WriteEndObject();
            w.WriteStartObject("requestContext");
            w.WriteString("path", Path);
            w.WriteString("accountId", "123456789012");
            w.WriteString("resourceId", "abc123");
            w.WriteString("stage", "Prod");
            w.WriteString("requestId", "req-1");
            w.WriteStartObject("identity");
            w.WriteString("sourceIp", SourceIp);
            w.WriteEndObject();
            w.WriteString("resourcePath", "/{proxy+}");
            w.WriteString("httpMethod", Method);
            w.WriteString("apiId", "corpusapi");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private byte[] BuildHttpApi()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("version", "2.0");
            w.WriteString("type", "REQUEST");
            w.WriteString("routeArn", EffectiveArn);
            w.WriteString("routeKey", "$default");
            w.WriteString("rawPath", Path);
            w.WriteString("rawQueryString", RawQuery);
            w.WriteStartObject("headers");
            foreach (var group in Headers.GroupBy(h => h.Key.ToLowerInvariant()))
            {
                w.WriteString(group.Key, string.Join(',', group.Select(h => h.Value)));
            }

            w.WriteEndObject();
            var query = GroupExact(ParseQuery(RawQuery, plusIsSpace: false));
            if (query.Count > 0)
            {
                w.WriteStartObject("queryStringParameters");
                foreach (var (name, values) in query)
                {
                    w.WriteString(name, string.Join(',', values));
                }

                w.WriteEndObject();
            }

            w.WriteStartObject("requestContext");
            w.WriteString("accountId", "123456789012");
            w.WriteString("apiId", "corpusapi");
            w.WriteString("domainName", "corpusapi.execute-api.us-east-1.amazonaws.com");
            w.WriteStartObject("http");
            w.WriteString("method", Method);
            w.WriteString("path", Path);
            w.WriteString("protocol", "HTTP/1.1");
            w.WriteString("sourceIp", SourceIp);
            w.WriteString("userAgent", "corpus");
            w.WriteEndObject();
            w.WriteString("requestId", "req-1");
            w.WriteString("routeKey", "$default");
            w.WriteString("stage", "Prod");
            w.WriteNumber("timeEpoch", 1_795_425_600_000);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static List<(string Name, List<string> Values)> GroupExact(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var result = new List<(string Name, List<string> Values)>();
        foreach (var pair in pairs)
        {
            var index = result.FindIndex(g => string.Equals(g.Name, pair.Key, StringComparison.Ordinal));
            if (index < 0)
            {
                result.Add((pair.Key, [pair.Value]));
            }
            else
            {
                result[index].Values.Add(pair.Value);
            }
        }

        return result;
    }

    /// <summary>REST APIs decode %XX only; HTTP API queries are form-encoded, where '+' is a space.</summary>
    internal static List<KeyValuePair<string, string>> ParseQuery(string raw, bool plusIsSpace)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (raw.Length == 0)
        {
            return pairs;
        }

        foreach (var part in raw.Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? string.Empty : part[(eq + 1)..];
            pairs.Add(new KeyValuePair<string, string>(Decode(name, plusIsSpace), Decode(value, plusIsSpace)));
        }

        return pairs;
    }

    private static string Decode(string s, bool plusIsSpace) =>
        Uri.UnescapeDataString(plusIsSpace ? s.Replace('+', ' ') : s);
}
