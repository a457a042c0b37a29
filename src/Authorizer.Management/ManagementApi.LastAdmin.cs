using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Requests;

namespace Authorizer.Management;

/// <summary>
/// Keeps the management API reachable: the last enabled admin app whose grants let it call
/// <c>POST /v1/apps/{appId}/authorizations</c> (from which it can grant itself anything else) cannot be deleted,
/// disabled or demoted, nor lose that grant. The check reads the store and is not atomic with the write: two
/// admins removing each other at the same moment can both succeed; the bootstrap command recovers from that.
/// </summary>
public sealed partial class ManagementApi
{
    private const string ProbePath = "/v1/apps/probe/authorizations";

    /// <summary>
    /// True when <paramref name="current"/> holds management access now, would not after the change
    /// (<paramref name="after"/> null for a delete; <paramref name="grantsAfter"/> null when its grants stay), and no
    /// other enabled admin holds it.
    /// </summary>
    private async Task<bool> RemovesLastAdminAsync(
        CallContext ctx, AppRecord current, AppRecord? after, IReadOnlyList<AppAuthorization>? grantsAfter, CancellationToken cancellationToken)
    {
        if (!IsAdmin(current))
        {
            return false;
        }

        var now = _time.GetUtcNow();
        var grants = await _store.GetAuthorizationsForAppAsync(current.AppId, cancellationToken).ConfigureAwait(false);
        if (!ReachesManagement(ctx.Request, grants, now)
            || (after is not null && IsAdmin(after) && ReachesManagement(ctx.Request, grantsAfter ?? grants, now)))
        {
            return false;
        }

        string? next = null;
        do
        {
            var page = await _store.ListAppsAsync(100, next, cancellationToken).ConfigureAwait(false);
            foreach (var other in page.Items)
            {
                if (other.AppId != current.AppId && IsAdmin(other)
                    && ReachesManagement(ctx.Request, await _store.GetAuthorizationsForAppAsync(other.AppId, cancellationToken).ConfigureAwait(false), now))
                {
                    return false;
                }
            }

            next = page.NextToken;
        }
        while (next is not null);

        return true;
    }

    private static bool IsAdmin(AppRecord app) => app.IsEnabled && app.HasRole(AppRoles.Admin);

    /// <summary>
    /// Whether the grants authorize the probe call, decided by the authorizer's own route matching. The API and
    /// stage are the ones this call came through; when unknown (a direct invoke), a grant for any API counts.
    /// </summary>
    private static bool ReachesManagement(ManagementRequest request, IReadOnlyList<AppAuthorization> grants, DateTimeOffset now)
    {
        foreach (var grant in grants)
        {
            var apiId = request.SourceApiId ?? (grant.ApiId == "*" ? "management" : grant.ApiId);
            var stage = request.SourceStage ?? (grant.Stage == "*" ? "stage" : grant.Stage);
            if (ApiTarget.TryParse($"arn:aws:execute-api:us-east-1:000000000000:{apiId}/{stage}/POST{ProbePath}", out var probe)
                && RouteResources.Evaluate(probe, [grant], now).MatchingAuthorizationId is not null)
            {
                return true;
            }
        }

        return false;
    }
}
