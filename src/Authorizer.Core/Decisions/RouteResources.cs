using System.Text;
using Authorizer.Core.Model;
using Authorizer.Core.Requests;

namespace Authorizer.Core.Decisions;

/// <summary>
/// Turns an app's authorizations into the resource ARNs of the Allow policy, and decides whether the current
/// request is authorized by matching its ARN against exactly those resources — so the two always agree.
/// </summary>
public static class RouteResources
{
    /// <summary>The resource ARN for one route grant under <paramref name="stagePrefix"/> (<c>arn:…:{apiId}/{stage}/</c>).</summary>
    public static string BuildResourceArn(string stagePrefix, RouteGrant route)
    {
        ArgumentNullException.ThrowIfNull(stagePrefix);
        ArgumentNullException.ThrowIfNull(route);
        var method = string.IsNullOrEmpty(route.Method) || route.Method == "*" || string.Equals(route.Method, "ANY", StringComparison.OrdinalIgnoreCase)
            ? "*"
            : route.Method.ToUpperInvariant();
        return stagePrefix + method + PathPattern(route.Path);
    }

    /// <summary>A route path with <c>{param}</c>, <c>{proxy+}</c> and <c>*</c> segments as <c>*</c>; always starts with <c>/</c>.</summary>
    public static string PathPattern(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "*")
        {
            return "/*";
        }

        var segments = path.Split('/');
        var builder = new StringBuilder(path.Length + 1);
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (i == 0 && segment.Length == 0)
            {
                continue;
            }

            builder.Append('/');
            builder.Append(segment.StartsWith('{') && segment.EndsWith('}') ? "*" : segment);
        }

        return builder.Length == 0 ? "/" : builder.ToString();
    }

    /// <summary>
    /// The resources granted on the target's API and stage by the active authorizations, and the id of the first
    /// authorization whose resources match the target ARN (null when none does).
    /// </summary>
    public static (IReadOnlyList<string> Resources, string? MatchingAuthorizationId) Evaluate(
        ApiTarget target,
        IReadOnlyList<AppAuthorization> authorizations,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(authorizations);
        var (resources, grantors) = Collect(target, authorizations, now);
        return (resources, FirstGrantorMatching(resources, grantors, target.Arn));
    }

    /// <summary>
    /// The distinct resources granted on the target's API and stage, in first-seen order (authorizations in list
    /// order, each one's routes in order), each with the id of the first authorization granting it.
    /// </summary>
    internal static (List<string> Resources, List<string> Grantors) Collect(
        ApiTarget target,
        IReadOnlyList<AppAuthorization> authorizations,
        DateTimeOffset now)
    {
        var prefix = target.StagePrefix;
        var resources = new List<string>();
        var grantors = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var authorization in authorizations)
        {
            if (!Applies(authorization, target, now))
            {
                continue;
            }

            foreach (var route in authorization.Routes)
            {
                var resource = BuildResourceArn(prefix, route);
                if (seen.Add(resource))
                {
                    resources.Add(resource);
                    grantors.Add(authorization.AuthId);
                }
            }
        }

        return (resources, grantors);
    }

    /// <summary>
    /// The first authorization (in list and route order) whose resource matches <paramref name="arn"/>: the first
    /// matching resource's first grantor, since <see cref="Collect"/> keeps first-seen order.
    /// </summary>
    internal static string? FirstGrantorMatching(IReadOnlyList<string> resources, IReadOnlyList<string> grantors, string arn)
    {
        for (var i = 0; i < resources.Count; i++)
        {
            if (ResourceArnMatcher.Matches(resources[i], arn))
            {
                return grantors[i];
            }
        }

        return null;
    }

    /// <summary>True when the authorization is active and covers the target's API and stage.</summary>
    internal static bool Applies(AppAuthorization authorization, ApiTarget target, DateTimeOffset now) =>
        authorization.IsActiveAt(now)
        && AppliesTo(authorization.ApiId, target.ApiId)
        && AppliesTo(authorization.Stage, target.Stage);

    private static bool AppliesTo(string granted, string actual) =>
        granted == "*" || string.Equals(granted, actual, StringComparison.Ordinal);
}
