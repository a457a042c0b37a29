using Authorizer.Local.Template;

namespace Authorizer.Local.Gateway;

/// <summary>
/// What API Gateway does with an API's CORS setting. REST (SAM <c>Cors</c>): every path gets an OPTIONS method with a
/// mock integration and no authorizer, answering 200 with the configured values whatever the request; other
/// responses are the backend's and the gateway responses'. HTTP (<c>CorsConfiguration</c>): API Gateway answers a
/// preflight itself when no route matches OPTIONS, adds Access-Control-Allow-Origin (and Expose-Headers) to every
/// response for an allowed origin, and drops the backend's own Access-Control-* headers.
/// </summary>
internal sealed class CorsEmulation(ApiDefinition api)
{
    private readonly CorsDefinition? _cors = api.Cors;

    /// <summary>The gateway's own answer to this request, or null when the route (and its authorizer) serves it.</summary>
    public RenderedResponse? Preflight(GatewayRequest request, RouteMatch? match)
    {
        if (_cors is null || request.Method != "OPTIONS")
        {
            return null;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (api.Kind == ApiKind.Rest)
        {
            // SAM adds the mock OPTIONS method to paths that have routes, unless a route already is OPTIONS.
            if (match is null || match.Route.Method == "OPTIONS")
            {
                return null;
            }

            headers["Content-Type"] = "application/json";
            AddIfAny(headers, "Access-Control-Allow-Origin", _cors.AllowOrigins);
            AddIfAny(headers, "Access-Control-Allow-Headers", _cors.AllowHeaders);
            AddIfAny(headers, "Access-Control-Allow-Methods", _cors.AllowMethods);
            if (_cors.MaxAge is { Length: > 0 } restMaxAge)
            {
                headers["Access-Control-Max-Age"] = restMaxAge;
            }

            return new RenderedResponse(200, headers, string.Empty);
        }

        // An HTTP API route that matches OPTIONS (its own or ANY) gets the request, authorizer included.
        if (match is not null || request.Header("Origin") is null || request.Header("Access-Control-Request-Method") is null)
        {
            return null;
        }

        if (AllowedOrigin(request) is { } origin)
        {
            headers["Access-Control-Allow-Origin"] = origin;
            AddIfAny(headers, "Access-Control-Allow-Headers", _cors.AllowHeaders);
            AddIfAny(headers, "Access-Control-Allow-Methods", _cors.AllowMethods);
            if (_cors.MaxAge is { Length: > 0 } maxAge)
            {
                headers["Access-Control-Max-Age"] = maxAge;
            }
        }

        return new RenderedResponse(204, headers, string.Empty);
    }

    /// <summary>HTTP APIs: the CORS headers on a response the route or the gateway produced.</summary>
    public void Apply(GatewayRequest request, IDictionary<string, string[]> headers)
    {
        if (_cors is null || api.Kind != ApiKind.Http)
        {
            return;
        }

        foreach (var name in headers.Keys.Where(k => k.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            headers.Remove(name);
        }

        if (AllowedOrigin(request) is { } origin)
        {
            headers["Access-Control-Allow-Origin"] = [origin];
            if (_cors.ExposeHeaders.Count > 0)
            {
                headers["Access-Control-Expose-Headers"] = [string.Join(',', _cors.ExposeHeaders)];
            }
        }
    }

    private string? AllowedOrigin(GatewayRequest request)
    {
        var origin = request.Header("Origin");
        if (origin is null || _cors is null)
        {
            return null;
        }

        return _cors.AllowOrigins.Contains("*") ? "*"
            : _cors.AllowOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase) ? origin
            : null;
    }

    private static void AddIfAny(Dictionary<string, string> headers, string name, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            headers[name] = string.Join(',', values);
        }
    }
}
