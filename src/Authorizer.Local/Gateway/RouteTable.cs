using Authorizer.Local.Template;

namespace Authorizer.Local.Gateway;

/// <summary>A matched route with its path parameters (values decoded).</summary>
internal sealed record RouteMatch(RouteDefinition Route, IReadOnlyDictionary<string, string> PathParameters);

/// <summary>
/// API Gateway's resource matching: literal segments beat <c>{param}</c>, which beats a greedy
/// <c>{proxy+}</c> (one or more segments); a route's own method beats <c>ANY</c>.
/// </summary>
internal sealed class RouteTable(IReadOnlyList<RouteDefinition> routes)
{
    private readonly IReadOnlyList<(RouteDefinition Route, string[] Segments)> _routes =
        routes.Select(r => (r, Split(r.Path))).ToList();

    /// <summary>Finds the route for a path as received (segments are decoded one by one); null when none matches.</summary>
    public RouteMatch? Match(string method, string rawPath)
    {
        var segments = Split(rawPath).Select(Uri.UnescapeDataString).ToArray();
        RouteMatch? best = null;
        int[]? bestRank = null;
        foreach (var (route, pattern) in _routes)
        {
            if (route.Method != "ANY" && !string.Equals(route.Method, method, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var parameters = TryMatch(pattern, segments);
            if (parameters is null)
            {
                continue;
            }

            var rank = Rank(pattern, route.Method == "ANY");
            if (bestRank is null || Compare(rank, bestRank) < 0)
            {
                best = new RouteMatch(route, parameters);
                bestRank = rank;
            }
        }

        return best;
    }

    private static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static Dictionary<string, string>? TryMatch(string[] pattern, string[] segments)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < pattern.Length; i++)
        {
            var part = pattern[i];
            if (part.StartsWith('{') && part.EndsWith("+}", StringComparison.Ordinal))
            {
                if (i >= segments.Length || i != pattern.Length - 1)
                {
                    return null;
                }

                parameters[part[1..^2]] = string.Join('/', segments[i..]);
                return parameters;
            }

            if (i >= segments.Length)
            {
                return null;
            }

            if (part.StartsWith('{') && part.EndsWith('}'))
            {
                parameters[part[1..^1]] = segments[i];
            }
            else if (!string.Equals(part, segments[i], StringComparison.Ordinal))
            {
                return null;
            }
        }

        return pattern.Length == segments.Length ? parameters : null;
    }

    // Per segment: 0 literal, 1 parameter, 2 greedy; then the method (own method before ANY). Lower is more specific.
    private static int[] Rank(string[] pattern, bool anyMethod) =>
        [.. pattern.Select(p => p.StartsWith('{') ? (p.EndsWith("+}", StringComparison.Ordinal) ? 2 : 1) : 0), anyMethod ? 1 : 0];

    private static int Compare(int[] left, int[] right)
    {
        for (var i = 0; i < Math.Min(left.Length - 1, right.Length - 1); i++)
        {
            if (left[i] != right[i])
            {
                return left[i].CompareTo(right[i]);
            }
        }

        // A longer literal prefix is more specific; equal shapes fall back to the method.
        var lengthOrder = right.Length.CompareTo(left.Length);
        return lengthOrder != 0 ? lengthOrder : left[^1].CompareTo(right[^1]);
    }
}
