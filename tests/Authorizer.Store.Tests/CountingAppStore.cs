using Authorizer.Core.Model;
using Authorizer.Core.Store;

namespace Authorizer.Store.Tests;

/// <summary>Counts hot-path reads, and every call, on their way to a real store.</summary>
internal sealed class CountingAppStore(IAppStore inner) : IAppStore
{
    private int _reads;
    private int _calls;

    public int Reads => Volatile.Read(ref _reads);

    /// <summary>Every call of any kind.</summary>
    public int Calls => Volatile.Read(ref _calls);

    private int _failureWrites;

    /// <summary>Shared failure counter increments.</summary>
    public int FailureWrites => Volatile.Read(ref _failureWrites);

    public Task<AppRecord?> GetAppAsync(string appId, CancellationToken cancellationToken = default) => Count(Call(inner.GetAppAsync(appId, cancellationToken)));
    public Task<AppRecord?> GetAppByKeyAsync(string appKey, CancellationToken cancellationToken = default) => Count(Call(inner.GetAppByKeyAsync(appKey, cancellationToken)));
    public Task<AppCodeRecord?> GetAppCodeByHashAsync(string codeHash, CancellationToken cancellationToken = default) => Count(Call(inner.GetAppCodeByHashAsync(codeHash, cancellationToken)));
    public Task<ApiSettings?> GetApiSettingsAsync(string apiId, CancellationToken cancellationToken = default) => Count(Call(inner.GetApiSettingsAsync(apiId, cancellationToken)));
    public Task<IReadOnlyList<AppAuthorization>> GetAuthorizationsForAppAsync(string appId, CancellationToken cancellationToken = default) => Count(Call(inner.GetAuthorizationsForAppAsync(appId, cancellationToken)));
    public Task<bool> TryRecordNonceAsync(string appKey, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => Call(inner.TryRecordNonceAsync(appKey, nonce, expiresAt, cancellationToken));
    public Task<bool> IsTokenRevokedAsync(string jti, CancellationToken cancellationToken = default) => Count(Call(inner.IsTokenRevokedAsync(jti, cancellationToken)));
    public Task<long> AddFailureAsync(string counter, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _failureWrites);
        return Call(inner.AddFailureAsync(counter, expiresAt, cancellationToken));
    }

    public Task<long> GetFailureCountAsync(string counter, CancellationToken cancellationToken = default) => Count(Call(inner.GetFailureCountAsync(counter, cancellationToken)));
    public Task CreateAppAsync(AppRecord app, IReadOnlyList<AppCodeRecord> codes, CancellationToken cancellationToken = default) => Call(inner.CreateAppAsync(app, codes, cancellationToken));
    public Task<Page<AppRecord>> ListAppsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default) => Call(inner.ListAppsAsync(limit, nextToken, cancellationToken));
    public Task<long> GetAdminGuardAsync(CancellationToken cancellationToken = default) => Call(inner.GetAdminGuardAsync(cancellationToken));
    public Task<AppRecord> UpdateAppAsync(AppRecord app, long expectedVersion, long? adminGuard = null, CancellationToken cancellationToken = default) => Call(inner.UpdateAppAsync(app, expectedVersion, adminGuard, cancellationToken));
    public Task<bool> DeleteAppAsync(string appId, AppWriteCondition? condition = null, CancellationToken cancellationToken = default) => Call(inner.DeleteAppAsync(appId, condition, cancellationToken));
    public Task AddAppCodeAsync(AppCodeRecord code, int? maxCodes = null, CancellationToken cancellationToken = default) => Call(inner.AddAppCodeAsync(code, maxCodes, cancellationToken));
    public Task<IReadOnlyList<AppCodeRecord>> ListAppCodesAsync(string appId, CancellationToken cancellationToken = default) => Call(inner.ListAppCodesAsync(appId, cancellationToken));
    public Task<bool> DeleteAppCodeAsync(string appId, string codeId, CancellationToken cancellationToken = default) => Call(inner.DeleteAppCodeAsync(appId, codeId, cancellationToken));
    public Task<ApiSettings> PutApiSettingsAsync(ApiSettings settings, long? expectedVersion, CancellationToken cancellationToken = default) => Call(inner.PutApiSettingsAsync(settings, expectedVersion, cancellationToken));
    public Task<Page<ApiSettings>> ListApiSettingsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default) => Call(inner.ListApiSettingsAsync(limit, nextToken, cancellationToken));
    public Task<bool> DeleteApiSettingsAsync(string apiId, CancellationToken cancellationToken = default) => Call(inner.DeleteApiSettingsAsync(apiId, cancellationToken));
    public Task PutAuthorizationAsync(AppAuthorization authorization, CancellationToken cancellationToken = default) => Call(inner.PutAuthorizationAsync(authorization, cancellationToken));
    public Task<Page<AppAuthorization>> ListAuthorizationsForApiAsync(string apiId, int limit, string? nextToken, CancellationToken cancellationToken = default) => Call(inner.ListAuthorizationsForApiAsync(apiId, limit, nextToken, cancellationToken));
    public Task<bool> DeleteAuthorizationAsync(string appId, string authId, AppWriteCondition? condition = null, CancellationToken cancellationToken = default) => Call(inner.DeleteAuthorizationAsync(appId, authId, condition, cancellationToken));
    public Task RevokeTokenAsync(string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => Call(inner.RevokeTokenAsync(jti, expiresAt, cancellationToken));

    private T Call<T>(T call)
    {
        Interlocked.Increment(ref _calls);
        return call;
    }

    private Task<T> Count<T>(Task<T> read)
    {
        Interlocked.Increment(ref _reads);
        return read;
    }
}
