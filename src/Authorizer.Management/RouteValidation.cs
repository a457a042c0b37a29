using Authorizer.Core.Model;

namespace Authorizer.Management;

/// <summary>
/// Route grants: a method (or <c>*</c>) and a path that is <c>*</c> or starts with <c>/</c> and holds literal,
/// <c>*</c> or <c>{param}</c> segments — the shapes API Gateway resource ARNs can express.
/// </summary>
internal static class RouteValidation
{
    private static readonly string[] Methods = ["*", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    public static IReadOnlyList<RouteGrant> Routes(List<RouteBody?>? routes, int max, FieldErrors errors)
    {
        if (routes is null || routes.Count == 0)
        {
            errors.Add("routes", "routes must list at least one {method, path}.");
            return [];
        }

        if (routes.Count > max)
        {
            errors.Add("routes", $"at most {max} routes.");
            return [];
        }

        var result = new List<RouteGrant>(routes.Count);
        for (var i = 0; i < routes.Count; i++)
        {
            var route = routes[i];
            var method = route?.Method?.ToUpperInvariant();
            if (method is null || !Methods.Contains(method, StringComparer.Ordinal))
            {
                errors.Add($"routes[{i}].method", "method must be an HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS) or *.");
            }

            if (route?.Path is null || !IsPath(route.Path))
            {
                errors.Add($"routes[{i}].path", "path must be * or start with / and hold literal, * or {param} segments.");
            }

            if (method is not null && route?.Path is not null)
            {
                result.Add(new RouteGrant(method, route.Path));
            }
        }

        return result;
    }

    public static bool IsPath(string path)
    {
        if (path == "*" || path == "/")
        {
            return true;
        }

        if (path.Length is < 2 or > 1024 || path[0] != '/')
        {
            return false;
        }

        var segments = path[1..].Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Length == 0)
            {
                // Only a trailing slash may leave an empty segment.
                if (i != segments.Length - 1)
                {
                    return false;
                }

                continue;
            }

            if (segment == "*")
            {
                continue;
            }

            if (segment[0] == '{')
            {
                var name = segment.EndsWith("+}", StringComparison.Ordinal) ? segment[1..^2] : segment.EndsWith('}') ? segment[1..^1] : null;
                if (name is null || name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
                {
                    return false;
                }

                continue;
            }

            if (!segment.All(IsLiteralChar))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLiteralChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '!' or '$' or '&' or '\'' or '(' or ')' or '+' or ',' or ';' or '=' or ':' or '@' or '%';
}
