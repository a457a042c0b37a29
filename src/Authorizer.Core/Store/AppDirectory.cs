using Authorizer.Core.Model;
using Authorizer.Core.Secrets;

namespace Authorizer.Core.Store;

/// <summary>
/// The uncached <see cref="IAppDirectory"/>: reads the store and decrypts secrets on every call. Wrap it in a
/// caching directory on the hot path. A cold decision's reads overlap where one does not depend on another, so a
/// remote store costs fewer round trips: an API's settings and the <c>*</c> record are read at once, and an app's
/// authorizations beside the app (once its id is known) and its secrets' decryption. The authorizations travel in
/// <see cref="ResolvedApp.Authorizations"/> for a caching directory to keep.
/// </summary>
public sealed class AppDirectory : IAppDirectory
{
    private readonly IAppStore _store;
    private readonly ISecretProtector _protector;
    private readonly bool _prefetchAuthorizations;

    /// <param name="prefetchAuthorizations">Read an app's authorizations with the app; off where nothing keeps them
    /// (no cache in front, or a caller that never authorizes a route), since the read would be wasted.</param>
    public AppDirectory(IAppStore store, ISecretProtector protector, bool prefetchAuthorizations = true)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(protector);
        _store = store;
        _protector = protector;
        _prefetchAuthorizations = prefetchAuthorizations;
    }

    public async ValueTask<ResolvedApp?> FindByAppKeyAsync(string appKey, CancellationToken cancellationToken = default)
    {
        var app = await _store.GetAppByKeyAsync(appKey, cancellationToken).ConfigureAwait(false);
        return app is null ? null : await ResolveAsync(app, StartAuthorizations(app.AppId, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<ResolvedApp?> FindByAppIdAsync(string appId, CancellationToken cancellationToken = default)
    {
        var authorizations = StartAuthorizations(appId, cancellationToken);
        AppRecord? app;
        try
        {
            app = await _store.GetAppAsync(appId, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            PendingRead.Abandon(authorizations);
            throw;
        }

        if (app is null)
        {
            PendingRead.Abandon(authorizations);
            return null;
        }

        return await ResolveAsync(app, authorizations, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<ResolvedAppCode?> FindByAppCodeHashAsync(string codeHash, CancellationToken cancellationToken = default)
    {
        var code = await _store.GetAppCodeByHashAsync(codeHash, cancellationToken).ConfigureAwait(false);
        if (code is null)
        {
            return null;
        }

        var app = await FindByAppIdAsync(code.AppId, cancellationToken).ConfigureAwait(false);
        return app is null ? null : new ResolvedAppCode(app, code);
    }

    public async ValueTask<ApiSettings> GetApiSettingsAsync(string apiId, CancellationToken cancellationToken = default)
    {
        if (apiId == ApiSettings.DefaultApiId)
        {
            return await _store.GetApiSettingsAsync(apiId, cancellationToken).ConfigureAwait(false) ?? ApiSettings.BuiltInDefault(apiId);
        }

        // The fallback is read at the same time: one round trip when the API has no record of its own, one wasted
        // point read (per cache lifetime) when it has.
        var fallback = _store.GetApiSettingsAsync(ApiSettings.DefaultApiId, cancellationToken);
        ApiSettings? own;
        try
        {
            own = await _store.GetApiSettingsAsync(apiId, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            PendingRead.Abandon(fallback);
            throw;
        }

        if (own is not null)
        {
            PendingRead.Abandon(fallback);
            return own;
        }

        return await fallback.ConfigureAwait(false) ?? ApiSettings.BuiltInDefault(apiId);
    }

    public async ValueTask<IReadOnlyList<AppAuthorization>> GetAuthorizationsAsync(string appId, CancellationToken cancellationToken = default)
    {
        return await _store.GetAuthorizationsForAppAsync(appId, cancellationToken).ConfigureAwait(false);
    }

    private Task<IReadOnlyList<AppAuthorization>>? StartAuthorizations(string appId, CancellationToken cancellationToken) =>
        _prefetchAuthorizations ? _store.GetAuthorizationsForAppAsync(appId, cancellationToken) : null;

    private async ValueTask<ResolvedApp> ResolveAsync(AppRecord app, Task<IReadOnlyList<AppAuthorization>>? authorizations, CancellationToken cancellationToken)
    {
        var secrets = new List<SecretMaterial>(app.Secrets.Count);
        try
        {
            foreach (var stored in app.Secrets)
            {
                var plaintext = await _protector.UnprotectAsync(app.AppId, stored.Ciphertext, cancellationToken).ConfigureAwait(false);
                secrets.Add(new SecretMaterial(plaintext, stored.NotAfter));
            }
        }
        catch
        {
            PendingRead.Abandon(authorizations);
            throw;
        }

        return new ResolvedApp(app, secrets) { Authorizations = await PendingRead.ResultOrNullAsync(authorizations).ConfigureAwait(false) };
    }
}
