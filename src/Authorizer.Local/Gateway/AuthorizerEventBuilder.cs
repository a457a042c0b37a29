using System.Globalization;
using System.Text.Json.Nodes;
using Authorizer.Local.Template;

namespace Authorizer.Local.Gateway;

/// <summary>Authorizer events exactly as API Gateway sends them (REST REQUEST / TOKEN, HTTP API 2.0 REQUEST).</summary>
internal static class AuthorizerEventBuilder
{
    public static JsonObject Build(GatewayRequest request, RouteMatch match, ApiContext api, AuthorizerDefinition authorizer) =>
        api.Definition.Kind == ApiKind.Http
            ? HttpRequest(request, match, api, authorizer)
            : authorizer.PayloadType == "TOKEN"
                ? RestToken(request, api, authorizer)
                : RestRequest(request, match, api);

    public static JsonObject RestRequest(GatewayRequest request, RouteMatch match, ApiContext api) => new()
    {
        ["type"] = "REQUEST",
        ["methodArn"] = api.MethodArn(request.Method, request.RawPath),
        ["resource"] = match.Route.Path,
        ["path"] = request.DecodedPath,
        ["httpMethod"] = request.Method,
        ["headers"] = EventMaps.Single(request.Headers, nullWhenEmpty: false, caseInsensitive: true),
        ["multiValueHeaders"] = EventMaps.Multi(request.Headers, nullWhenEmpty: false, caseInsensitive: true),
        ["queryStringParameters"] = EventMaps.Single(request.Query, nullWhenEmpty: false, caseInsensitive: false),
        ["multiValueQueryStringParameters"] = EventMaps.Multi(request.Query, nullWhenEmpty: false, caseInsensitive: false),
        ["pathParameters"] = EventMaps.FromDictionary(match.PathParameters),
        ["stageVariables"] = new JsonObject(),
        ["requestContext"] = RestRequestContext(request, match, api),
    };

    public static JsonObject RestToken(GatewayRequest request, ApiContext api, AuthorizerDefinition authorizer) => new()
    {
        ["type"] = "TOKEN",
        ["authorizationToken"] = request.Header(authorizer.IdentityHeaders[0]) ?? string.Empty,
        ["methodArn"] = api.MethodArn(request.Method, request.RawPath),
    };

    public static JsonObject HttpRequest(GatewayRequest request, RouteMatch match, ApiContext api, AuthorizerDefinition authorizer)
    {
        var routeKey = $"{match.Route.Method} {match.Route.Path}";
        return new JsonObject
        {
            ["version"] = "2.0",
            ["type"] = "REQUEST",
            ["routeArn"] = api.MethodArn(request.Method, request.RawPath),
            ["identitySource"] = new JsonArray([.. authorizer.IdentityHeaders.Select(h => (JsonNode?)(request.Header(h) ?? string.Empty))]),
            ["routeKey"] = routeKey,
            ["rawPath"] = request.DecodedPath,
            ["rawQueryString"] = request.RawQuery.TrimStart('?'),
            ["cookies"] = Cookies(request),
            ["headers"] = HttpHeaders(request),
            ["queryStringParameters"] = HttpQuery(request),
            ["requestContext"] = HttpRequestContext(request, api, routeKey),
            ["pathParameters"] = EventMaps.FromDictionary(match.PathParameters),
            ["stageVariables"] = null,
        };
    }

    internal static JsonObject RestRequestContext(GatewayRequest request, RouteMatch match, ApiContext api) => new()
    {
        ["resourceId"] = "local1",
        ["resourcePath"] = match.Route.Path,
        ["httpMethod"] = request.Method,
        ["extendedRequestId"] = request.RequestId,
        ["requestTime"] = request.ReceivedAt.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture),
        ["path"] = request.RawPath,
        ["accountId"] = IntrinsicResolver.AccountId,
        ["protocol"] = "HTTP/1.1",
        ["stage"] = api.Stage,
        ["domainPrefix"] = "localhost",
        ["requestTimeEpoch"] = request.ReceivedAt.ToUnixTimeMilliseconds(),
        ["requestId"] = request.RequestId,
        ["identity"] = new JsonObject
        {
            ["sourceIp"] = request.SourceIp,
            ["userAgent"] = request.Header("User-Agent"),
        },
        ["domainName"] = request.Header("Host") ?? "localhost",
        ["apiId"] = api.ApiId,
    };

    internal static JsonObject HttpRequestContext(GatewayRequest request, ApiContext api, string routeKey) => new()
    {
        ["accountId"] = IntrinsicResolver.AccountId,
        ["apiId"] = api.ApiId,
        ["domainName"] = request.Header("Host") ?? "localhost",
        ["domainPrefix"] = "localhost",
        ["http"] = new JsonObject
        {
            ["method"] = request.Method,
            ["path"] = request.DecodedPath,
            ["protocol"] = "HTTP/1.1",
            ["sourceIp"] = request.SourceIp,
            ["userAgent"] = request.Header("User-Agent") ?? string.Empty,
        },
        ["requestId"] = request.RequestId,
        ["routeKey"] = routeKey,
        ["stage"] = api.Stage,
        ["time"] = request.ReceivedAt.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture),
        ["timeEpoch"] = request.ReceivedAt.ToUnixTimeMilliseconds(),
    };

    internal static JsonArray? Cookies(GatewayRequest request)
    {
        var cookies = request.HeaderValues("Cookie")
            .SelectMany(v => v.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Select(c => (JsonNode?)c)
            .ToArray();
        return cookies.Length == 0 ? null : new JsonArray(cookies);
    }

    // HTTP APIs lower-case header names and join repeats with commas; cookies travel separately.
    internal static JsonObject HttpHeaders(GatewayRequest request)
    {
        var headers = new JsonObject();
        foreach (var group in request.Headers
            .Where(h => !string.Equals(h.Key, "Cookie", StringComparison.OrdinalIgnoreCase))
            .GroupBy(h => h.Key.ToLowerInvariant()))
        {
            headers[group.Key] = string.Join(',', group.Select(h => h.Value));
        }

        return headers;
    }

    internal static JsonObject? HttpQuery(GatewayRequest request)
    {
        if (request.Query.Count == 0)
        {
            return null;
        }

        var query = new JsonObject();
        foreach (var group in request.Query.GroupBy(q => q.Key, StringComparer.Ordinal))
        {
            query[group.Key] = string.Join(',', group.Select(q => q.Value));
        }

        return query;
    }
}
