using Authorizer.Core.Model;
using Authorizer.Core.Secrets;

namespace Authorizer.Core.Store;

/// <summary>
/// The uncached <see cref="IAppDirectory"/>: reads the store and decrypts secrets on every call. Wrap it in a
/// caching directory on the hot path.
/// </summary>
public sealed class AppDirectory : IAppDirectory
{
    private readonly IAppStore _store;
    private readonly ISecretProtector _protector;

    public AppDirectory(IAppStore store, ISecretProtector protector)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(protector);
        _store = store;
        _protector = protector;
    }

    public async ValueTask<ResolvedApp?> FindByAppKeyAsync(string appKey, CancellationToken cancellationToken = default)
    {
        var app = await _store.GetAppByKeyAsync(appKey, cancellationToken).ConfigureAwait(false);
        return app is null ? null : await ResolveAsync(app, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<ResolvedApp?> FindByAppIdAsync(string appId, CancellationToken cancellationToken = default)
    {
        var app = await _store.GetAppAsync(appId, cancellationToken).ConfigureAwait(false);
        return app is null ? null : await ResolveAsync(app, cancellationToken).ConfigureAwait(false);
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
        var settings = await _store.GetApiSettingsAsync(apiId, cancellationToken).ConfigureAwait(false);
        if (settings is null && apiId != ApiSettings.DefaultApiId)
        {
            settings = await _store.GetApiSettingsAsync(ApiSettings.DefaultApiId, cancellationToken).ConfigureAwait(false);
        }

        return settings ?? ApiSettings.BuiltInDefault(apiId);
    }

    public async ValueTask<IReadOnlyList<AppAuthorization>> GetAuthorizationsAsync(string appId, CancellationToken cancellationToken = default)
    {
        return await _store.GetAuthorizationsForAppAsync(appId, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<ResolvedApp> ResolveAsync(AppRecord app, CancellationToken cancellationToken)
    {
        var secrets = new List<SecretMaterial>(app.Secrets.Count);
        foreach (var stored in app.Secrets)
        {
            var plaintext = await _protector.UnprotectAsync(app.AppId, stored.Ciphertext, cancellationToken).ConfigureAwait(false);
            secrets.Add(new SecretMaterial(plaintext, stored.NotAfter));
        }

        return new ResolvedApp(app, secrets);
    }
}
