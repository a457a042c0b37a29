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
}

/// <summary>The route table: literal segments, and <c>{}</c> for an id segment.</summary>
internal static class ManagementRoutes
{
    private static readonly (string[] Pattern, RouteId Route, string[] Methods)[] Table =
    [
        (["v1", "apps"], RouteId.Apps, ["GET", "POST"]),
        (["v1", "apps", "{}"], RouteId.App, ["GET", "PATCH", "DELETE"]),
        (["v1", "apps", "{}", "secret", "reset"], RouteId.SecretReset, ["POST"]),
        (["v1", "apps", "{}", "tokens", "revoke"], RouteId.AppTokensRevoke, ["POST"]),
        (["v1", "apps", "{}", "appcodes"], RouteId.AppCodes, ["GET", "POST"]),
        (["v1", "apps", "{}", "appcodes", "{}"], RouteId.AppCode, ["DELETE"]),
        (["v1", "apps", "{}", "authorizations"], RouteId.AppAuthorizations, ["GET", "POST"]),
        (["v1", "apps", "{}", "authorizations", "{}"], RouteId.AppAuthorization, ["DELETE"]),
        (["v1", "apis"], RouteId.Apis, ["GET"]),
        (["v1", "apis", "{}"], RouteId.Api, ["GET", "PUT", "DELETE"]),
        (["v1", "apis", "{}", "authorizations"], RouteId.ApiAuthorizations, ["GET"]),
        (["v1", "tokens"], RouteId.Tokens, ["POST"]),
        (["v1", "tokens", "revoke"], RouteId.TokenRevoke, ["POST"]),
    ];

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
                if (pattern[i] == "{}")
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
