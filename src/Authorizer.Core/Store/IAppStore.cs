using Authorizer.Core.Model;
using Authorizer.Core.Throttling;

namespace Authorizer.Core.Store;

/// <summary>
/// The app table. Two implementations (SQLite, DynamoDB) pass one contract suite. Reads return null for
/// absent items; items past their <c>ExpiresAt</c> are treated as absent (TTL deletion is lazy).
/// Writes that break uniqueness or a version check throw <see cref="StoreConflictException"/>.
/// Any other failure surfaces as an exception and the authorizer fails closed. The failure throttle's shared
/// counters (<see cref="IFailureCounterStore"/>) live in the same table.
/// </summary>
public interface IAppStore : IFailureCounterStore
{
    // Hot path: point reads.
    Task<AppRecord?> GetAppAsync(string appId, CancellationToken cancellationToken = default);
    Task<AppRecord?> GetAppByKeyAsync(string appKey, CancellationToken cancellationToken = default);
    Task<AppCodeRecord?> GetAppCodeByHashAsync(string codeHash, CancellationToken cancellationToken = default);
    Task<ApiSettings?> GetApiSettingsAsync(string apiId, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<AppAuthorization>> GetAuthorizationsForAppAsync(string appId, CancellationToken cancellationToken = default);

    /// <summary>Records a nonce once; false when it was already recorded and has not expired.</summary>
    Task<bool> TryRecordNonceAsync(string appKey, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);
    Task<bool> IsTokenRevokedAsync(string jti, CancellationToken cancellationToken = default);

    // Management.
    /// <summary>Creates the app, its key mapping and the given AppCodes atomically; conflict if the AppKey exists.</summary>
    Task CreateAppAsync(AppRecord app, IReadOnlyList<AppCodeRecord> codes, CancellationToken cancellationToken = default);
    Task<Page<AppRecord>> ListAppsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default);

    /// <summary>Replaces the app when its stored version equals <paramref name="expectedVersion"/>; returns it with the new version.</summary>
    Task<AppRecord> UpdateAppAsync(AppRecord app, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Deletes the app with its key mapping, AppCodes and authorizations; false when absent.</summary>
    Task<bool> DeleteAppAsync(string appId, CancellationToken cancellationToken = default);

    Task AddAppCodeAsync(AppCodeRecord code, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<AppCodeRecord>> ListAppCodesAsync(string appId, CancellationToken cancellationToken = default);
    Task<bool> DeleteAppCodeAsync(string appId, string codeId, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces API settings; with <paramref name="expectedVersion"/> set, only over that version.</summary>
    Task<ApiSettings> PutApiSettingsAsync(ApiSettings settings, long? expectedVersion, CancellationToken cancellationToken = default);
    Task<Page<ApiSettings>> ListApiSettingsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default);
    Task<bool> DeleteApiSettingsAsync(string apiId, CancellationToken cancellationToken = default);

    Task PutAuthorizationAsync(AppAuthorization authorization, CancellationToken cancellationToken = default);
    Task<Page<AppAuthorization>> ListAuthorizationsForApiAsync(string apiId, int limit, string? nextToken, CancellationToken cancellationToken = default);
    Task<bool> DeleteAuthorizationAsync(string appId, string authId, CancellationToken cancellationToken = default);

    Task RevokeTokenAsync(string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);
}
