using System.Text;
using Authorizer.Core.Model;
using Authorizer.Core.Store;

namespace Authorizer.Management;

public sealed partial class ManagementApi
{
    private async Task<ManagementResponse> CreateAppAsync(CallContext ctx, CancellationToken cancellationToken)
    {
        if (!TryReadBody(ctx, ManagementJsonContext.Default.CreateAppBody, out var body, out var problem))
        {
            return problem;
        }

        var errors = new FieldErrors();
        var name = AppValidation.Name(body.Name, required: true, errors);
        var description = AppValidation.Description(body.Description, errors);
        var status = AppValidation.Status(body.Status, errors) ?? AppStatus.Enabled;
        var roles = AppValidation.Roles(body.Roles, errors) ?? [];
        var usagePlanKey = AppValidation.UsagePlanKey(body.UsagePlanKey, errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var created = await _factory.CreateAsync(name!, description, status, roles, usagePlanKey, cancellationToken).ConfigureAwait(false);
        var app = created.App;
        var view = new CreatedAppView(
            app.AppId,
            app.Name,
            app.Description,
            app.AppKey,
            created.AppSecret,
            ToView(created.CodeRecord, created.AppCode),
            AppValidation.StatusText(app.Status),
            app.Roles,
            app.UsagePlanKey,
            app.Version,
            app.CreatedAt,
            app.UpdatedAt);
        return Json(201, view, ManagementJsonContext.Default.CreatedAppView, app.Version, new() { ["Location"] = $"/v1/apps/{app.AppId}" });
    }

    private Task<ManagementResponse> ListAppsAsync(CallContext ctx, CancellationToken cancellationToken) =>
        ListPageAsync<AppRecord, AppView>(ctx, _store.ListAppsAsync, ToView, ManagementJsonContext.Default.ListViewAppView, cancellationToken);

    private async Task<ManagementResponse> GetAppAsync(CallContext ctx, CancellationToken cancellationToken)
    {
        var app = await _store.GetAppAsync(ctx[0], cancellationToken).ConfigureAwait(false);
        return app is null
            ? Problems.NotFound("The app")
            : Json(200, ToView(app), ManagementJsonContext.Default.AppView, app.Version);
    }

    private async Task<ManagementResponse> UpdateAppAsync(CallContext ctx, CancellationToken cancellationToken)
    {
        if (!TryReadBody(ctx, ManagementJsonContext.Default.UpdateAppBody, out var body, out var problem)
            || !TryReadVersion(ctx, body.Version, out var expected, out problem))
        {
            return problem;
        }

        var errors = new FieldErrors();
        var name = AppValidation.Name(body.Name, required: false, errors);
        var description = body.Description is null ? null : AppValidation.Description(body.Description, errors);
        var status = AppValidation.Status(body.Status, errors);
        var roles = AppValidation.Roles(body.Roles, errors);
        var usagePlanKey = body.UsagePlanKey is null ? null : AppValidation.UsagePlanKey(body.UsagePlanKey, errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        return await ChangeStoredAppAsync(
            ctx[0],
            async current =>
            {
                if (expected is { } e && e != current.Version)
                {
                    return Problems.VersionConflict();
                }

                // Absent fields stay as they are; an empty description or usagePlanKey clears it.
                var updated = current with
                {
                    Name = name ?? current.Name,
                    Description = body.Description is null ? current.Description : description,
                    Status = status ?? current.Status,
                    Roles = roles ?? current.Roles,
                    UsagePlanKey = body.UsagePlanKey is null ? current.UsagePlanKey : usagePlanKey,
                    UpdatedAt = _time.GetUtcNow(),
                };
                var guard = IsAdmin(current) && !IsAdmin(updated) ? await _store.GetAdminGuardAsync(cancellationToken).ConfigureAwait(false) : (long?)null;
                if (guard is not null && await RemovesLastAdminAsync(ctx, current, updated, null, cancellationToken).ConfigureAwait(false))
                {
                    return Problems.LastAdmin();
                }

                var saved = await _store.UpdateAppAsync(updated, current.Version, guard, cancellationToken).ConfigureAwait(false);
                return Json(200, ToView(saved), ManagementJsonContext.Default.AppView, saved.Version);
            },
            versionNamed: expected is not null,
            cancellationToken).ConfigureAwait(false);
    }

    private Task<ManagementResponse> DeleteAppAsync(CallContext ctx, CancellationToken cancellationToken) =>
        ChangeStoredAppAsync(
            ctx[0],
            async current =>
            {
                var guard = await AdminGuardForAsync(current, cancellationToken).ConfigureAwait(false);
                if (guard is not null && await RemovesLastAdminAsync(ctx, current, null, null, cancellationToken).ConfigureAwait(false))
                {
                    return Problems.LastAdmin();
                }

                return await _store.DeleteAppAsync(ctx[0], new AppWriteCondition(current.Version, guard), cancellationToken).ConfigureAwait(false)
                    ? NoContent()
                    : Problems.NotFound("The app");
            },
            versionNamed: false,
            cancellationToken);

    private async Task<ManagementResponse> ResetSecretAsync(CallContext ctx, CancellationToken cancellationToken)
    {
        if (!TryReadBody(ctx, ManagementJsonContext.Default.ResetSecretBody, out var body, out var problem))
        {
            return problem;
        }

        var grace = body.GraceSeconds ?? 0;
        if (grace < 0 || grace > _options.MaxGraceSeconds)
        {
            return Problems.Validation("graceSeconds", $"graceSeconds must be from 0 to {_options.MaxGraceSeconds}.");
        }

        return await ChangeStoredAppAsync(
            ctx[0],
            async current =>
            {
                var now = _time.GetUtcNow();
                var secret = ManagementCredentials.NewAppSecret();
                var ciphertext = await _protector.ProtectAsync(current.AppId, Encoding.UTF8.GetBytes(secret), cancellationToken).ConfigureAwait(false);
                var secrets = new List<StoredSecret> { new(ciphertext, null) };
                DateTimeOffset? previousNotAfter = null;
                var previous = current.Secrets.FirstOrDefault(s => s.NotAfter is null);
                if (grace > 0 && previous is not null)
                {
                    // Only the secret being replaced keeps a grace period; an older one still in grace ends now.
                    previousNotAfter = now.AddSeconds(grace);
                    secrets.Add(previous with { NotAfter = previousNotAfter });
                }

                // Tokens issued until now (possibly with a leaked secret) end when the previous secret does.
                var cutoffs = TokenCutoffs.Reset(current.TokenCutoffs, now, previousNotAfter ?? now);
                var saved = await _store.UpdateAppAsync(current with { Secrets = secrets, TokenCutoffs = cutoffs, UpdatedAt = now }, current.Version, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                return Json(200, new SecretResetView(saved.AppId, secret, saved.Version, previousNotAfter), ManagementJsonContext.Default.SecretResetView, saved.Version);
            },
            versionNamed: false,
            cancellationToken).ConfigureAwait(false);
    }

    private AppView ToView(AppRecord app)
    {
        var now = _time.GetUtcNow();
        var previous = app.Secrets.Where(s => s.NotAfter is { } n && n > now).Select(s => s.NotAfter).Max();
        return new AppView(
            app.AppId,
            app.Name,
            app.Description,
            app.AppKey,
            AppValidation.StatusText(app.Status),
            app.Roles,
            app.UsagePlanKey,
            app.Version,
            app.CreatedAt,
            app.UpdatedAt,
            previous);
    }
}
