using Authorizer.Core.Model;
using Authorizer.Core.Store;

namespace Authorizer.Management;

public sealed partial class ManagementApi
{
    private async Task<ManagementResponse> AddAppCodeAsync(CallContext ctx, CancellationToken cancellationToken)
    {
        if (!TryReadBody<EmptyBody>(ctx, ManagementJsonContext.Default.EmptyBody, out _, out var problem))
        {
            return problem;
        }

        var app = await _store.GetAppAsync(ctx[0], cancellationToken).ConfigureAwait(false);
        if (app is null)
        {
            return Problems.NotFound("The app");
        }

        var code = ManagementCredentials.NewAppCode();
        var record = AppFactory.NewCodeRecord(app.AppId, code, _time.GetUtcNow());
        try
        {
            // The store checks the limit atomically with the add, so concurrent adds cannot pass it together.
            await _store.AddAppCodeAsync(record, _options.MaxActiveAppCodes, cancellationToken).ConfigureAwait(false);
        }
        catch (AppCodeLimitException)
        {
            return Problems.Conflict(
                "appcode_limit",
                $"An app has at most {_options.MaxActiveAppCodes} active AppCodes; revoke one first.");
        }

        return Json(
            201,
            ToView(record, code),
            ManagementJsonContext.Default.AppCodeView,
            extra: new() { ["Location"] = $"/v1/apps/{app.AppId}/appcodes/{record.CodeId}" });
    }

    private async Task<ManagementResponse> ListAppCodesAsync(CallContext ctx, CancellationToken cancellationToken)
    {
        if (!TryReadPaging(ctx, out var limit, out var nextToken, out var problem))
        {
            return problem;
        }

        if (await _store.GetAppAsync(ctx[0], cancellationToken).ConfigureAwait(false) is null)
        {
            return Problems.NotFound("The app");
        }

        var codes = await _store.ListAppCodesAsync(ctx[0], cancellationToken).ConfigureAwait(false);
        if (!MemoryPaging.TryPage(codes, c => c.CodeId, limit, nextToken, out var items, out var next))
        {
            return Problems.Validation("nextToken", "nextToken is not valid.");
        }

        return Json(
            200,
            new ListView<AppCodeView>(items.Select(c => ToView(c, null)).ToList(), next),
            ManagementJsonContext.Default.ListViewAppCodeView);
    }

    private async Task<ManagementResponse> DeleteAppCodeAsync(CallContext ctx, CancellationToken cancellationToken) =>
        await _store.DeleteAppCodeAsync(ctx[0], ctx[1], cancellationToken).ConfigureAwait(false) ? NoContent() : Problems.NotFound("The AppCode");

    private static AppCodeView ToView(AppCodeRecord record, string? plaintext) =>
        new(record.CodeId, record.AppId, plaintext, "****" + record.Last4, record.CreatedAt);
}
