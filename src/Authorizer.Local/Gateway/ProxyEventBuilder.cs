using System.Text;
using System.Text.Json.Nodes;
using Authorizer.Local.Template;

namespace Authorizer.Local.Gateway;

/// <summary>Lambda proxy integration events: REST payload 1.0 and HTTP API payload 2.0.</summary>
internal static class ProxyEventBuilder
{
    public static JsonObject Build(GatewayRequest request, RouteMatch match, ApiContext api, JsonObject? authorizer) =>
        api.Definition.Kind == ApiKind.Http && match.Route.PayloadFormatVersion == "2.0"
            ? Http(request, match, api, authorizer)
            : Rest(request, match, api, authorizer);

    public static JsonObject Rest(GatewayRequest request, RouteMatch match, ApiContext api, JsonObject? authorizer)
    {
        var context = AuthorizerEventBuilder.RestRequestContext(request, match, api);
        if (authorizer is not null)
        {
            context["authorizer"] = authorizer;
        }

        var (body, isBase64) = Body(request.Body);
        return new JsonObject
        {
            ["resource"] = match.Route.Path,
            ["path"] = request.DecodedPath,
            ["httpMethod"] = request.Method,
            ["headers"] = EventMaps.Single(request.Headers, nullWhenEmpty: true, caseInsensitive: true),
            ["multiValueHeaders"] = EventMaps.Multi(request.Headers, nullWhenEmpty: true, caseInsensitive: true),
            ["queryStringParameters"] = EventMaps.Single(request.Query, nullWhenEmpty: true, caseInsensitive: false),
            ["multiValueQueryStringParameters"] = EventMaps.Multi(request.Query, nullWhenEmpty: true, caseInsensitive: false),
            ["pathParameters"] = match.PathParameters.Count == 0 ? null : EventMaps.FromDictionary(match.PathParameters),
            ["stageVariables"] = null,
            ["requestContext"] = context,
            ["body"] = body,
            ["isBase64Encoded"] = isBase64,
        };
    }

    public static JsonObject Http(GatewayRequest request, RouteMatch match, ApiContext api, JsonObject? authorizer)
    {
        var routeKey = $"{match.Route.Method} {match.Route.Path}";
        var context = AuthorizerEventBuilder.HttpRequestContext(request, api, routeKey);
        if (authorizer is not null)
        {
            context["authorizer"] = new JsonObject { ["lambda"] = authorizer };
        }

        var (body, isBase64) = Body(request.Body);
        return new JsonObject
        {
            ["version"] = "2.0",
            ["routeKey"] = routeKey,
            ["rawPath"] = request.DecodedPath,
            ["rawQueryString"] = request.RawQuery.TrimStart('?'),
            ["cookies"] = AuthorizerEventBuilder.Cookies(request),
            ["headers"] = AuthorizerEventBuilder.HttpHeaders(request),
            ["queryStringParameters"] = AuthorizerEventBuilder.HttpQuery(request),
            ["pathParameters"] = match.PathParameters.Count == 0 ? null : EventMaps.FromDictionary(match.PathParameters),
            ["requestContext"] = context,
            ["body"] = body,
            ["isBase64Encoded"] = isBase64,
        };
    }

    // Text bodies pass as strings; anything that is not valid UTF-8 passes base64-encoded.
    private static (string? Body, bool IsBase64) Body(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return (null, false);
        }

        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes), false);
        }
        catch (DecoderFallbackException)
        {
            return (Convert.ToBase64String(bytes), true);
        }
    }
}
