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

    /// <summary>
    /// The admin guard: a counter that every write able to take management access away (an admin app disabled,
    /// demoted or deleted, or one of its grants revoked) checks and moves on in the same atomic write. A check
    /// "another admin remains" made after reading the guard therefore holds when the write lands, or the write fails
    /// with <see cref="AdminGuardConflictException"/>. 0 before the first such write.
    /// </summary>
    Task<long> GetAdminGuardAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the app when its stored version equals <paramref name="expectedVersion"/>; returns it with the new version.
    /// With <paramref name="adminGuard"/>, only while the admin guard still has that value, moving it on.
    /// </summary>
    Task<AppRecord> UpdateAppAsync(AppRecord app, long expectedVersion, long? adminGuard = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the app with its key mapping, AppCodes and authorizations; false when absent. With
    /// <paramref name="condition"/>, only while the app and the admin guard are as the caller read them.
    /// </summary>
    Task<bool> DeleteAppAsync(string appId, AppWriteCondition? condition = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds an AppCode to an existing app; conflict when the app is absent or the code or its id is taken. With
    /// <paramref name="maxCodes"/>, only while the app holds fewer AppCodes than that, checked atomically with the
    /// add (concurrent adds cannot pass the limit together); else <see cref="AppCodeLimitException"/>.
    /// </summary>
    Task AddAppCodeAsync(AppCodeRecord code, int? maxCodes = null, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<AppCodeRecord>> ListAppCodesAsync(string appId, CancellationToken cancellationToken = default);
    Task<bool> DeleteAppCodeAsync(string appId, string codeId, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces API settings; with <paramref name="expectedVersion"/> set, only over that version.</summary>
    Task<ApiSettings> PutApiSettingsAsync(ApiSettings settings, long? expectedVersion, CancellationToken cancellationToken = default);
    Task<Page<ApiSettings>> ListApiSettingsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default);
    Task<bool> DeleteApiSettingsAsync(string apiId, CancellationToken cancellationToken = default);

    Task PutAuthorizationAsync(AppAuthorization authorization, CancellationToken cancellationToken = default);
    Task<Page<AppAuthorization>> ListAuthorizationsForApiAsync(string apiId, int limit, string? nextToken, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes one authorization; false when absent or expired. With <paramref name="condition"/>, only while its app
    /// and the admin guard are as the caller read them.
    /// </summary>
    Task<bool> DeleteAuthorizationAsync(string appId, string authId, AppWriteCondition? condition = null, CancellationToken cancellationToken = default);

    Task RevokeTokenAsync(string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);
}
