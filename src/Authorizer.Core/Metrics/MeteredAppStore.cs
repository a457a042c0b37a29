using Authorizer.Core.Model;
using Authorizer.Core.Store;

namespace Authorizer.Core.Metrics;

/// <summary>Times the store calls the authorizer makes; management calls pass straight through.</summary>
public sealed class MeteredAppStore : IAppStore
{
    private readonly IAppStore _inner;
    private readonly AuthorizerMetrics _metrics;
    private readonly TimeProvider _time;

    public MeteredAppStore(IAppStore inner, AuthorizerMetrics metrics, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(time);
        _inner = inner;
        _metrics = metrics;
        _time = time;
    }

    public Task<AppRecord?> GetAppAsync(string appId, CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        return TimeAsync(StoreOperation.GetApp, started, _inner.GetAppAsync(appId, cancellationToken));
    }

    public Task<AppRecord?> GetAppByKeyAsync(string appKey, CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        return TimeAsync(StoreOperation.GetAppByKey, started, _inner.GetAppByKeyAsync(appKey, cancellationToken));
    }

    public Task<AppCodeRecord?> GetAppCodeByHashAsync(string codeHash, CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        return TimeAsync(StoreOperation.GetAppCodeByHash, started, _inner.GetAppCodeByHashAsync(codeHash, cancellationToken));
    }

    public Task<ApiSettings?> GetApiSettingsAsync(string apiId, CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        return TimeAsync(StoreOperation.GetApiSettings, started, _inner.GetApiSettingsAsync(apiId, cancellationToken));
    }

    public Task<IReadOnlyList<AppAuthorization>> GetAuthorizationsForAppAsync(string appId, CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        return TimeAsync(StoreOperation.GetAuthorizations, started, _inner.GetAuthorizationsForAppAsync(appId, cancellationToken));
    }

    public Task<bool> TryRecordNonceAsync(string appKey, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        return TimeAsync(StoreOperation.RecordNonce, started, _inner.TryRecordNonceAsync(appKey, nonce, expiresAt, cancellationToken));
    }

    public Task<bool> IsTokenRevokedAsync(string jti, CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        return TimeAsync(StoreOperation.IsTokenRevoked, started, _inner.IsTokenRevokedAsync(jti, cancellationToken));
    }

    public Task<long> AddFailureAsync(string counter, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        return TimeAsync(StoreOperation.AddFailure, started, _inner.AddFailureAsync(counter, expiresAt, cancellationToken));
    }

    public Task<long> GetFailureCountAsync(string counter, CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        return TimeAsync(StoreOperation.GetFailureCount, started, _inner.GetFailureCountAsync(counter, cancellationToken));
    }

    public Task CreateAppAsync(AppRecord app, IReadOnlyList<AppCodeRecord> codes, CancellationToken cancellationToken = default) =>
        _inner.CreateAppAsync(app, codes, cancellationToken);

    public Task<Page<AppRecord>> ListAppsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default) =>
        _inner.ListAppsAsync(limit, nextToken, cancellationToken);

    public Task<long> GetAdminGuardAsync(CancellationToken cancellationToken = default) =>
        _inner.GetAdminGuardAsync(cancellationToken);

    public Task<AppRecord> UpdateAppAsync(AppRecord app, long expectedVersion, long? adminGuard = null, CancellationToken cancellationToken = default) =>
        _inner.UpdateAppAsync(app, expectedVersion, adminGuard, cancellationToken);

    public Task<bool> DeleteAppAsync(string appId, AppWriteCondition? condition = null, CancellationToken cancellationToken = default) =>
        _inner.DeleteAppAsync(appId, condition, cancellationToken);

    public Task AddAppCodeAsync(AppCodeRecord code, int? maxCodes = null, CancellationToken cancellationToken = default) =>
        _inner.AddAppCodeAsync(code, maxCodes, cancellationToken);

    public Task<IReadOnlyList<AppCodeRecord>> ListAppCodesAsync(string appId, CancellationToken cancellationToken = default) =>
        _inner.ListAppCodesAsync(appId, cancellationToken);

    public Task<bool> DeleteAppCodeAsync(string appId, string codeId, CancellationToken cancellationToken = default) =>
        _inner.DeleteAppCodeAsync(appId, codeId, cancellationToken);

    public Task<ApiSettings> PutApiSettingsAsync(ApiSettings settings, long? expectedVersion, CancellationToken cancellationToken = default) =>
        _inner.PutApiSettingsAsync(settings, expectedVersion, cancellationToken);

    public Task<Page<ApiSettings>> ListApiSettingsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default) =>
        _inner.ListApiSettingsAsync(limit, nextToken, cancellationToken);

    public Task<bool> DeleteApiSettingsAsync(string apiId, CancellationToken cancellationToken = default) =>
        _inner.DeleteApiSettingsAsync(apiId, cancellationToken);

    public Task PutAuthorizationAsync(AppAuthorization authorization, CancellationToken cancellationToken = default) =>
        _inner.PutAuthorizationAsync(authorization, cancellationToken);

    public Task<Page<AppAuthorization>> ListAuthorizationsForApiAsync(string apiId, int limit, string? nextToken, CancellationToken cancellationToken = default) =>
        _inner.ListAuthorizationsForApiAsync(apiId, limit, nextToken, cancellationToken);

    public Task<bool> DeleteAuthorizationAsync(string appId, string authId, AppWriteCondition? condition = null, CancellationToken cancellationToken = default) =>
        _inner.DeleteAuthorizationAsync(appId, authId, condition, cancellationToken);

    public Task RevokeTokenAsync(string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) =>
        _inner.RevokeTokenAsync(jti, expiresAt, cancellationToken);

    private Task<T> TimeAsync<T>(StoreOperation operation, long started, Task<T> call)
    {
        if (call.IsCompleted)
        {
            _metrics.RecordStoreLatency(operation, _time.GetElapsedTime(started));
            return call;
        }

        return AwaitAsync(operation, started, call);
    }

    private async Task<T> AwaitAsync<T>(StoreOperation operation, long started, Task<T> call)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        finally
        {
            _metrics.RecordStoreLatency(operation, _time.GetElapsedTime(started));
        }
    }
}
