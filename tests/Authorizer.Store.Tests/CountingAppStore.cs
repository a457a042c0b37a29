using Authorizer.Core.Model;
using Authorizer.Core.Store;

namespace Authorizer.Store.Tests;

/// <summary>Counts hot-path reads on their way to a real store.</summary>
internal sealed class CountingAppStore(IAppStore inner) : IAppStore
{
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    public Task<AppRecord?> GetAppAsync(string appId, CancellationToken cancellationToken = default) => Count(inner.GetAppAsync(appId, cancellationToken));
    public Task<AppRecord?> GetAppByKeyAsync(string appKey, CancellationToken cancellationToken = default) => Count(inner.GetAppByKeyAsync(appKey, cancellationToken));
    public Task<AppCodeRecord?> GetAppCodeByHashAsync(string codeHash, CancellationToken cancellationToken = default) => Count(inner.GetAppCodeByHashAsync(codeHash, cancellationToken));
    public Task<ApiSettings?> GetApiSettingsAsync(string apiId, CancellationToken cancellationToken = default) => Count(inner.GetApiSettingsAsync(apiId, cancellationToken));
    public Task<IReadOnlyList<AppAuthorization>> GetAuthorizationsForAppAsync(string appId, CancellationToken cancellationToken = default) => Count(inner.GetAuthorizationsForAppAsync(appId, cancellationToken));
    public Task<bool> TryRecordNonceAsync(string appKey, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => inner.TryRecordNonceAsync(appKey, nonce, expiresAt, cancellationToken);
    public Task<bool> IsTokenRevokedAsync(string jti, CancellationToken cancellationToken = default) => Count(inner.IsTokenRevokedAsync(jti, cancellationToken));
    public Task CreateAppAsync(AppRecord app, IReadOnlyList<AppCodeRecord> codes, CancellationToken cancellationToken = default) => inner.CreateAppAsync(app, codes, cancellationToken);
    public Task<Page<AppRecord>> ListAppsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default) => inner.ListAppsAsync(limit, nextToken, cancellationToken);
    public Task<AppRecord> UpdateAppAsync(AppRecord app, long expectedVersion, CancellationToken cancellationToken = default) => inner.UpdateAppAsync(app, expectedVersion, cancellationToken);
    public Task<bool> DeleteAppAsync(string appId, CancellationToken cancellationToken = default) => inner.DeleteAppAsync(appId, cancellationToken);
    public Task AddAppCodeAsync(AppCodeRecord code, CancellationToken cancellationToken = default) => inner.AddAppCodeAsync(code, cancellationToken);
    public Task<IReadOnlyList<AppCodeRecord>> ListAppCodesAsync(string appId, CancellationToken cancellationToken = default) => inner.ListAppCodesAsync(appId, cancellationToken);
    public Task<bool> DeleteAppCodeAsync(string appId, string codeId, CancellationToken cancellationToken = default) => inner.DeleteAppCodeAsync(appId, codeId, cancellationToken);
    public Task<ApiSettings> PutApiSettingsAsync(ApiSettings settings, long? expectedVersion, CancellationToken cancellationToken = default) => inner.PutApiSettingsAsync(settings, expectedVersion, cancellationToken);
    public Task<Page<ApiSettings>> ListApiSettingsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default) => inner.ListApiSettingsAsync(limit, nextToken, cancellationToken);
    public Task<bool> DeleteApiSettingsAsync(string apiId, CancellationToken cancellationToken = default) => inner.DeleteApiSettingsAsync(apiId, cancellationToken);
    public Task PutAuthorizationAsync(AppAuthorization authorization, CancellationToken cancellationToken = default) => inner.PutAuthorizationAsync(authorization, cancellationToken);
    public Task<Page<AppAuthorization>> ListAuthorizationsForApiAsync(string apiId, int limit, string? nextToken, CancellationToken cancellationToken = default) => inner.ListAuthorizationsForApiAsync(apiId, limit, nextToken, cancellationToken);
    public Task<bool> DeleteAuthorizationAsync(string appId, string authId, CancellationToken cancellationToken = default) => inner.DeleteAuthorizationAsync(appId, authId, cancellationToken);
    public Task RevokeTokenAsync(string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => inner.RevokeTokenAsync(jti, expiresAt, cancellationToken);

    private Task<T> Count<T>(Task<T> read)
    {
        Interlocked.Increment(ref _reads);
        return read;
    }
}
