using Authorizer.Core.Model;
using Authorizer.Core.Store;

namespace Authorizer.Management;

public sealed partial class ManagementApi
{
    private async Task<ManagementResponse> CreateAuthorizationAsync(CallContext ctx, CancellationToken cancellationToken)
    {
        if (!TryReadBody(ctx, ManagementJsonContext.Default.CreateAuthorizationBody, out var body, out var problem))
        {
            return problem;
        }

        var now = _time.GetUtcNow();
        var errors = new FieldErrors();
        if (body.ApiId is null || !ManagementRoutes.IsId(body.ApiId))
        {
            errors.Add("apiId", "apiId is required: an API id (letters, digits, - _ .) or *.");
        }

        if (body.Stage is null || !ManagementRoutes.IsId(body.Stage))
        {
            errors.Add("stage", "stage is required: a stage name (letters, digits, - _ .) or *.");
        }

        var routes = RouteValidation.Routes(body.Routes, _options.MaxRoutesPerAuthorization, errors);
        if (body.ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            errors.Add("expiresAt", "expiresAt must be in the future.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var app = await _store.GetAppAsync(ctx[0], cancellationToken).ConfigureAwait(false);
        if (app is null)
        {
            return Problems.NotFound("The app");
        }

        var authorization = new AppAuthorization
        {
            AuthId = ManagementCredentials.NewId(),
            AppId = app.AppId,
            ApiId = body.ApiId!,
            Stage = body.Stage!,
            Routes = routes,
            ExpiresAt = body.ExpiresAt?.ToUniversalTime(),
            CreatedAt = now,
        };
        await _store.PutAuthorizationAsync(authorization, cancellationToken).ConfigureAwait(false);
        return Json(
            201,
            ToView(authorization),
            ManagementJsonContext.Default.AuthorizationView,
            extra: new() { ["Location"] = $"/v1/apps/{app.AppId}/authorizations/{authorization.AuthId}" });
    }

    private async Task<ManagementResponse> ListAppAuthorizationsAsync(CallContext ctx, CancellationToken cancellationToken)
    {
        if (!TryReadPaging(ctx, out var limit, out var nextToken, out var problem))
        {
            return problem;
        }

        if (await _store.GetAppAsync(ctx[0], cancellationToken).ConfigureAwait(false) is null)
        {
            return Problems.NotFound("The app");
        }

        var all = await _store.GetAuthorizationsForAppAsync(ctx[0], cancellationToken).ConfigureAwait(false);
        if (!MemoryPaging.TryPage(all, a => a.AuthId, limit, nextToken, out var items, out var next))
        {
            return Problems.Validation("nextToken", "nextToken is not valid.");
        }

        return Json(
            200,
            new ListView<AuthorizationView>(items.Select(ToView).ToList(), next),
            ManagementJsonContext.Default.ListViewAuthorizationView);
    }

    private Task<ManagementResponse> ListApiAuthorizationsAsync(CallContext ctx, CancellationToken cancellationToken) =>
        ListPageAsync<AppAuthorization, AuthorizationView>(
            ctx,
            (limit, nextToken, ct) => _store.ListAuthorizationsForApiAsync(ctx[0], limit, nextToken, ct),
            ToView,
            ManagementJsonContext.Default.ListViewAuthorizationView,
            cancellationToken);

    private Task<ManagementResponse> DeleteAuthorizationAsync(CallContext ctx, CancellationToken cancellationToken) =>
        DecideAgainOnConflictAsync(
            async () =>
            {
                AppWriteCondition? condition = null;
                if (await _store.GetAppAsync(ctx[0], cancellationToken).ConfigureAwait(false) is { } app)
                {
                    var guard = await AdminGuardForAsync(app, cancellationToken).ConfigureAwait(false);
                    condition = new AppWriteCondition(app.Version, guard);
                    if (guard is not null)
                    {
                        var remaining = (await _store.GetAuthorizationsForAppAsync(app.AppId, cancellationToken).ConfigureAwait(false))
                            .Where(a => !string.Equals(a.AuthId, ctx[1], StringComparison.Ordinal))
                            .ToList();
                        if (await RemovesLastAdminAsync(ctx, app, app, remaining, cancellationToken).ConfigureAwait(false))
                        {
                            return Problems.LastAdmin();
                        }
                    }
                }

                return await _store.DeleteAuthorizationAsync(ctx[0], ctx[1], condition, cancellationToken).ConfigureAwait(false)
                    ? NoContent()
                    : Problems.NotFound("The authorization");
            },
            versionNamed: false);

    private static AuthorizationView ToView(AppAuthorization a) =>
        new(a.AuthId, a.AppId, a.ApiId, a.Stage, a.Routes.Select(r => new RouteView(r.Method, r.Path)).ToList(), a.ExpiresAt, a.CreatedAt);
}
