using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Requests;
using Authorizer.Core.Store;

namespace Authorizer.Management;

/// <summary>
/// Keeps the management API reachable: the last enabled admin app whose grants let it call
/// <c>POST /v1/apps/{appId}/authorizations</c> (from which it can grant itself anything else) cannot be deleted,
/// disabled or demoted, nor lose that grant. The check and the write are one atomic step through the store's admin
/// guard (<see cref="IAppStore.GetAdminGuardAsync"/>): a write that may take an admin away reads the guard before the
/// check and lands only while the guard is unmoved, moving it; so of two admins removing each other at once, the
/// second is decided again after the first and answers 409 <c>last_admin</c>, as it would one at a time. Writes that
/// can only add admins leave the guard alone: they cannot make a check's "another admin remains" false.
/// </summary>
public sealed partial class ManagementApi
{
    private const string ProbePath = "/v1/apps/probe/authorizations";

    /// <summary>
    /// How often one call is decided again after losing to a concurrent write. Each loss means another write landed,
    /// so every round makes progress; the bound only ends a call that keeps losing under far more concurrent writers
    /// than one container runs (it then answers 409 <c>version_conflict</c>, to be retried).
    /// </summary>
    private const int MaxDecisionAttempts = 100;

    /// <summary>
    /// Runs a call that reads, decides and writes, and decides it again on fresh reads when its write lost to a
    /// concurrent one: always when another admin-removing write moved the admin guard, and on a version conflict when
    /// the caller named no version (the call then means "the app as it is now", as it would one at a time).
    /// </summary>
    private static async Task<ManagementResponse> DecideAgainOnConflictAsync(Func<Task<ManagementResponse>> attempt, bool versionNamed)
    {
        for (var attempts = 1; ; attempts++)
        {
            try
            {
                return await attempt().ConfigureAwait(false);
            }
            catch (AdminGuardConflictException) when (attempts < MaxDecisionAttempts)
            {
                // Decide again: the check's answer may be stale.
            }
            catch (StoreConflictException) when (!versionNamed && attempts < MaxDecisionAttempts)
            {
                // Decide again over the version that won.
            }
        }
    }

    /// <summary>
    /// <paramref name="change"/> on the app as it is stored at each attempt (404 when there is none), decided again over
    /// a concurrent writer as <see cref="DecideAgainOnConflictAsync"/> does.
    /// </summary>
    private Task<ManagementResponse> ChangeStoredAppAsync(
        string appId, Func<AppRecord, Task<ManagementResponse>> change, bool versionNamed, CancellationToken cancellationToken) =>
        DecideAgainOnConflictAsync(
            async () => await _store.GetAppAsync(appId, cancellationToken).ConfigureAwait(false) is { } current
                ? await change(current).ConfigureAwait(false)
                : Problems.NotFound("The app"),
            versionNamed);

    /// <summary>
    /// The admin guard to write under when <paramref name="app"/> is an admin (read before the check looks at any
    /// other app), or null: an app that is no admin cannot lose management access, and the app-version condition the
    /// write carries keeps it so until the write lands.
    /// </summary>
    private async Task<long?> AdminGuardForAsync(AppRecord app, CancellationToken cancellationToken) =>
        IsAdmin(app) ? await _store.GetAdminGuardAsync(cancellationToken).ConfigureAwait(false) : null;

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
            foreach (var listed in page.Items)
            {
                // A listing may lag (DynamoDB's index is eventually consistent), so a candidate is read again.
                if (listed.AppId != current.AppId && IsAdmin(listed)
                    && await _store.GetAppAsync(listed.AppId, cancellationToken).ConfigureAwait(false) is { } other && IsAdmin(other)
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
