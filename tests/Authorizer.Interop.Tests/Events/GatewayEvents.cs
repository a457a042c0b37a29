using System.Text.Json.Nodes;

namespace Authorizer.Interop.Tests.Events;

/// <summary>
/// Builds authorizer events the way API Gateway does for a request that reached a custom domain with no base
/// path (so the path the client signed is the path the event carries).
/// </summary>
public static class GatewayEvents
{
    public const string Region = "us-east-1";
    public const string AccountId = "123456789012";
    public const string ApiId = "abcdef123";
    public const string RestStage = "test";

    public static string MethodArn(string method, string rawPath) =>
        $"arn:aws:execute-api:{Region}:{AccountId}:{ApiId}/{RestStage}/{method}{rawPath}";

    /// <summary>
    /// REST API <c>REQUEST</c> authorizer event: <c>requestContext.path</c> as on the wire (percent-escapes kept),
    /// top-level <c>path</c> decoded, query decoded into the single- and multi-value maps, headers likewise.
    /// </summary>
    public static string RestRequest(WireRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = new JsonObject();
        var multiHeaders = new JsonObject();
        foreach (var group in GroupByName(request.Headers, StringComparer.OrdinalIgnoreCase))
        {
            headers[group.Name] = group.Values[^1];
            multiHeaders[group.Name] = ToArray(group.Values);
        }

        JsonObject? query = null;
        JsonObject? multiQuery = null;
        if (request.Query.Count > 0)
        {
            query = [];
            multiQuery = [];
            foreach (var group in GroupByName(request.Query, StringComparer.Ordinal))
            {
                query[group.Name] = group.Values[^1];
                multiQuery[group.Name] = ToArray(group.Values);
            }
        }

        var evt = new JsonObject
        {
            ["type"] = "REQUEST",
            ["methodArn"] = MethodArn(request.Method, request.RawPath),
            ["resource"] = "/{proxy+}",
            ["path"] = request.DecodedPath,
            ["httpMethod"] = request.Method,
            ["headers"] = headers,
            ["multiValueHeaders"] = multiHeaders,
            ["queryStringParameters"] = query,
            ["multiValueQueryStringParameters"] = multiQuery,
            ["pathParameters"] = new JsonObject { ["proxy"] = request.DecodedPath.TrimStart('/') },
            ["stageVariables"] = null,
            ["requestContext"] = new JsonObject
            {
                ["path"] = request.RawPath,
                ["accountId"] = AccountId,
                ["resourceId"] = "05c7jb",
                ["stage"] = RestStage,
                ["requestId"] = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
                ["identity"] = new JsonObject { ["sourceIp"] = "127.0.0.1", ["userAgent"] = request.Header("User-Agent") },
                ["resourcePath"] = "/{proxy+}",
                ["httpMethod"] = request.Method,
                ["apiId"] = ApiId,
            },
        };
        return evt.ToJsonString();
    }

    /// <summary>
    /// HTTP API 2.0 <c>REQUEST</c> authorizer event: <c>rawPath</c> DECODED (as API Gateway sends it),
    /// <c>rawQueryString</c> as sent, header names lower-cased with repeats joined by <c>,</c>.
    /// </summary>
    public static string HttpApiRequest(WireRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = new JsonObject();
        foreach (var group in GroupByName(request.Headers, StringComparer.OrdinalIgnoreCase))
        {
            headers[group.Name.ToLowerInvariant()] = string.Join(',', group.Values);
        }

        JsonObject? query = null;
        if (request.Query.Count > 0)
        {
            query = [];
            foreach (var group in GroupByName(request.Query, StringComparer.Ordinal))
            {
                query[group.Name] = string.Join(',', group.Values);
            }
        }

        var evt = new JsonObject
        {
            ["version"] = "2.0",
            ["type"] = "REQUEST",
            ["routeArn"] = $"arn:aws:execute-api:{Region}:{AccountId}:{ApiId}/$default/{request.Method}{request.RawPath}",
            ["identitySource"] = null,
            ["routeKey"] = "$default",
            ["rawPath"] = request.DecodedPath,
            ["rawQueryString"] = request.RawQuery,
            ["headers"] = headers,
            ["queryStringParameters"] = query,
            ["requestContext"] = new JsonObject
            {
                ["accountId"] = AccountId,
                ["apiId"] = ApiId,
                ["domainName"] = $"{ApiId}.execute-api.{Region}.amazonaws.com",
                ["domainPrefix"] = ApiId,
                ["http"] = new JsonObject
                {
                    ["method"] = request.Method,
                    ["path"] = request.DecodedPath,
                    ["protocol"] = "HTTP/1.1",
                    ["sourceIp"] = "127.0.0.1",
                    ["userAgent"] = request.Header("User-Agent"),
                },
                ["requestId"] = "id",
                ["routeKey"] = "$default",
                ["stage"] = "$default",
                ["time"] = "23/Nov/2026:08:00:00 +0000",
                ["timeEpoch"] = 1795420800000,
            },
            ["pathParameters"] = new JsonObject(),
            ["stageVariables"] = null,
        };
        return evt.ToJsonString();
    }

    private static JsonArray ToArray(IEnumerable<string> values) => [.. values.Select(v => (JsonNode?)JsonValue.Create(v))];

    private static List<(string Name, List<string> Values)> GroupByName(
        IEnumerable<KeyValuePair<string, string>> pairs, StringComparer comparer)
    {
        var groups = new List<(string Name, List<string> Values)>();
        foreach (var (name, value) in pairs)
        {
            var index = groups.FindIndex(g => comparer.Equals(g.Name, name));
            if (index < 0)
            {
                groups.Add((name, [value]));
            }
            else
            {
                groups[index].Values.Add(value);
            }
        }

        return groups;
    }
}
