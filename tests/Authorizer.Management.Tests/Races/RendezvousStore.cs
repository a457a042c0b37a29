using Authorizer.Core.Model;
using Authorizer.Core.Store;

namespace Authorizer.Management.Tests.Races;

/// <summary>
/// Passes every call to a real store, but holds the first <c>parties</c> writes that can take an admin away (app
/// updates and deletes, authorization deletes) until all of them have arrived: each caller has then made its
/// checks and none has written, the interleaving a race needs. Later writes pass straight through.
/// </summary>
internal sealed class RendezvousStore(IAppStore inner, int parties) : IAppStore
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public Task<AppRecord?> GetAppAsync(string appId, CancellationToken cancellationToken = default) => inner.GetAppAsync(appId, cancellationToken);
    public Task<AppRecord?> GetAppByKeyAsync(string appKey, CancellationToken cancellationToken = default) => inner.GetAppByKeyAsync(appKey, cancellationToken);
    public Task<AppCodeRecord?> GetAppCodeByHashAsync(string codeHash, CancellationToken cancellationToken = default) => inner.GetAppCodeByHashAsync(codeHash, cancellationToken);
    public Task<ApiSettings?> GetApiSettingsAsync(string apiId, CancellationToken cancellationToken = default) => inner.GetApiSettingsAsync(apiId, cancellationToken);
    public Task<IReadOnlyList<AppAuthorization>> GetAuthorizationsForAppAsync(string appId, CancellationToken cancellationToken = default) => inner.GetAuthorizationsForAppAsync(appId, cancellationToken);
    public Task<bool> IsTokenRevokedAsync(string jti, CancellationToken cancellationToken = default) => inner.IsTokenRevokedAsync(jti, cancellationToken);
    public Task<long> GetFailureCountAsync(string counter, CancellationToken cancellationToken = default) => inner.GetFailureCountAsync(counter, cancellationToken);
    public Task<bool> TryRecordNonceAsync(string appKey, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => inner.TryRecordNonceAsync(appKey, nonce, expiresAt, cancellationToken);
    public Task<long> AddFailureAsync(string counter, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => inner.AddFailureAsync(counter, expiresAt, cancellationToken);
    public Task CreateAppAsync(AppRecord app, IReadOnlyList<AppCodeRecord> codes, CancellationToken cancellationToken = default) => inner.CreateAppAsync(app, codes, cancellationToken);
    public Task<Page<AppRecord>> ListAppsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default) => inner.ListAppsAsync(limit, nextToken, cancellationToken);
    public Task AddAppCodeAsync(AppCodeRecord code, int? maxCodes = null, CancellationToken cancellationToken = default) => inner.AddAppCodeAsync(code, maxCodes, cancellationToken);
    public Task<IReadOnlyList<AppCodeRecord>> ListAppCodesAsync(string appId, CancellationToken cancellationToken = default) => inner.ListAppCodesAsync(appId, cancellationToken);
    public Task<bool> DeleteAppCodeAsync(string appId, string codeId, CancellationToken cancellationToken = default) => inner.DeleteAppCodeAsync(appId, codeId, cancellationToken);
    public Task<ApiSettings> PutApiSettingsAsync(ApiSettings settings, long? expectedVersion, CancellationToken cancellationToken = default) => inner.PutApiSettingsAsync(settings, expectedVersion, cancellationToken);
    public Task<Page<ApiSettings>> ListApiSettingsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default) => inner.ListApiSettingsAsync(limit, nextToken, cancellationToken);
    public Task<bool> DeleteApiSettingsAsync(string apiId, CancellationToken cancellationToken = default) => inner.DeleteApiSettingsAsync(apiId, cancellationToken);
    public Task PutAuthorizationAsync(AppAuthorization authorization, CancellationToken cancellationToken = default) => inner.PutAuthorizationAsync(authorization, cancellationToken);
    public Task<Page<AppAuthorization>> ListAuthorizationsForApiAsync(string apiId, int limit, string? nextToken, CancellationToken cancellationToken = default) => inner.ListAuthorizationsForApiAsync(apiId, limit, nextToken, cancellationToken);
    public Task RevokeTokenAsync(string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => inner.RevokeTokenAsync(jti, expiresAt, cancellationToken);

    public Task<long> GetAdminGuardAsync(CancellationToken cancellationToken = default) => inner.GetAdminGuardAsync(cancellationToken);

    public async Task<AppRecord> UpdateAppAsync(AppRecord app, long expectedVersion, long? adminGuard = null, CancellationToken cancellationToken = default)
    {
        await MeetAsync(cancellationToken);
        return await inner.UpdateAppAsync(app, expectedVersion, adminGuard, cancellationToken);
    }

    public async Task<bool> DeleteAppAsync(string appId, AppWriteCondition? condition = null, CancellationToken cancellationToken = default)
    {
        await MeetAsync(cancellationToken);
        return await inner.DeleteAppAsync(appId, condition, cancellationToken);
    }

    public async Task<bool> DeleteAuthorizationAsync(string appId, string authId, AppWriteCondition? condition = null, CancellationToken cancellationToken = default)
    {
        await MeetAsync(cancellationToken);
        return await inner.DeleteAuthorizationAsync(appId, authId, condition, cancellationToken);
    }

    private Task MeetAsync(CancellationToken cancellationToken)
    {
        var arrived = Interlocked.Increment(ref _arrived);
        if (arrived > parties)
        {
            return Task.CompletedTask;
        }

        if (arrived == parties)
        {
            _all.TrySetResult();
        }

        return _all.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }
}
