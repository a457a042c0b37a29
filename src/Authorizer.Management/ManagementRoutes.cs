namespace Authorizer.Management;

internal enum RouteId
{
    Apps,
    App,
    SecretReset,
    AppTokensRevoke,
    AppCodes,
    AppCode,
    AppAuthorizations,
    AppAuthorization,
    Apis,
    Api,
    ApiAuthorizations,
    Tokens,
    TokenRevoke,
    OpenApi,
}

/// <summary>One route as the OpenAPI document names it: a path template such as <c>/v1/apps/{appId}</c> and its methods.</summary>
internal sealed record RouteDescription(string Template, IReadOnlyList<string> Methods);

/// <summary>The route table: literal segments, and <c>{name}</c> for an id segment (named as in the OpenAPI document).</summary>
internal static class ManagementRoutes
{
    private static readonly (string[] Pattern, RouteId Route, string[] Methods)[] Table =
    [
        (["v1", "apps"], RouteId.Apps, ["GET", "POST"]),
        (["v1", "apps", "{appId}"], RouteId.App, ["GET", "PATCH", "DELETE"]),
        (["v1", "apps", "{appId}", "secret", "reset"], RouteId.SecretReset, ["POST"]),
        (["v1", "apps", "{appId}", "tokens", "revoke"], RouteId.AppTokensRevoke, ["POST"]),
        (["v1", "apps", "{appId}", "appcodes"], RouteId.AppCodes, ["GET", "POST"]),
        (["v1", "apps", "{appId}", "appcodes", "{codeId}"], RouteId.AppCode, ["DELETE"]),
        (["v1", "apps", "{appId}", "authorizations"], RouteId.AppAuthorizations, ["GET", "POST"]),
        (["v1", "apps", "{appId}", "authorizations", "{authId}"], RouteId.AppAuthorization, ["DELETE"]),
        (["v1", "apis"], RouteId.Apis, ["GET"]),
        (["v1", "apis", "{apiId}"], RouteId.Api, ["GET", "PUT", "DELETE"]),
        (["v1", "apis", "{apiId}", "authorizations"], RouteId.ApiAuthorizations, ["GET"]),
        (["v1", "tokens"], RouteId.Tokens, ["POST"]),
        (["v1", "tokens", "revoke"], RouteId.TokenRevoke, ["POST"]),
        (["v1", "openapi.json"], RouteId.OpenApi, ["GET"]),
    ];

    /// <summary>Every route the router answers, for holding the OpenAPI document to the code.</summary>
    public static IReadOnlyList<RouteDescription> All { get; } =
        Table.Select(t => new RouteDescription("/" + string.Join('/', t.Pattern), t.Methods)).ToArray();

    public static (RouteId Route, string[] Methods, IReadOnlyList<string> Values)? Match(string path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '/' || path.Length > 1024)
        {
            return null;
        }

        var trimmed = path.Length > 1 && path[^1] == '/' ? path[1..^1] : path[1..];
        var segments = trimmed.Split('/');
        foreach (var (pattern, route, methods) in Table)
        {
            if (pattern.Length != segments.Length)
            {
                continue;
            }

            var values = new List<string>(2);
            var ok = true;
            for (var i = 0; i < pattern.Length && ok; i++)
            {
                if (IsParameter(pattern[i]))
                {
                    var value = Uri.UnescapeDataString(segments[i]);
                    ok = IsId(value);
                    values.Add(value);
                }
                else
                {
                    ok = string.Equals(pattern[i], segments[i], StringComparison.Ordinal);
                }
            }

            if (ok)
            {
                return (route, methods, values);
            }
        }

        return null;
    }

    private static bool IsParameter(string segment) => segment.Length > 2 && segment[0] == '{' && segment[^1] == '}';

    /// <summary>Ids in paths: letters, digits, <c>-</c>, <c>_</c>, <c>.</c>; or <c>*</c> (the default API settings).</summary>
    public static bool IsId(string value)
    {
        if (value == "*")
        {
            return true;
        }

        if (value.Length is 0 or > 128)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
