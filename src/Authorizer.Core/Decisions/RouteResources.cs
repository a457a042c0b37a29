using Authorizer.Core.Model;
using Authorizer.Core.Requests;

namespace Authorizer.Core.Decisions;

/// <summary>
/// Turns an app's authorizations into the resources of the Allow policy and decides whether the current request
/// is authorized by the same compiled grants (<see cref="RoutePolicy"/>), so the two always agree.
/// </summary>
public static class RouteResources
{
    /// <summary>A route path's policy pattern: <c>{param}</c>, <c>{proxy+}</c> and <c>*</c> segments as <c>*</c>; always starts with <c>/</c>.</summary>
    public static string PathPattern(string? path) => RoutePattern.PathGlob(path);

    /// <summary>The policy resources granted on the target's API and stage by the active authorizations, and the request's match.</summary>
    public static RouteEvaluation Evaluate(ApiTarget target, IReadOnlyList<AppAuthorization> authorizations, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(authorizations);
        return RoutePolicy.Build(target, authorizations, now).Evaluate(target.Arn);
    }

    /// <summary>True when the authorization is active and covers the target's API and stage.</summary>
    internal static bool Applies(AppAuthorization authorization, ApiTarget target, DateTimeOffset now) =>
        authorization.IsActiveAt(now)
        && AppliesTo(authorization.ApiId, target.ApiId)
        && AppliesTo(authorization.Stage, target.Stage);

    private static bool AppliesTo(string granted, string actual) =>
        granted == "*" || string.Equals(granted, actual, StringComparison.Ordinal);
}
