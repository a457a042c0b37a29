namespace Authorizer.Core.Decisions;

/// <summary>
/// Route authorization for one request: the reusable policy resources, the id of the first authorization that
/// grants the request (null: not authorized), and whether the request's own ARN must be added to the Allow
/// because only grants the reusable resources cannot express exactly cover it.
/// </summary>
public readonly record struct RouteEvaluation(
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> DeniedResources,
    string? MatchingAuthorizationId,
    bool NeedsExactArn);
