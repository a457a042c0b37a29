using Authorizer.Core.Model;
using Authorizer.Core.Store;

namespace Authorizer.TestSupport;

/// <summary>
/// Passes every call to <c>inner</c>: a test double that changes a few calls overrides those and inherits the rest,
/// so a member added to <see cref="IAppStore"/> is forwarded in one place.
/// </summary>
public class DelegatingAppStore(IAppStore inner) : IAppStore
{
    /// <summary>The store every call goes to.</summary>
    protected IAppStore Inner { get; } = inner;

    public virtual Task<AppRecord?> GetAppAsync(string appId, CancellationToken cancellationToken = default) => Inner.GetAppAsync(appId, cancellationToken);
    public virtual Task<AppRecord?> GetAppByKeyAsync(string appKey, CancellationToken cancellationToken = default) => Inner.GetAppByKeyAsync(appKey, cancellationToken);
    public virtual Task<AppCodeRecord?> GetAppCodeByHashAsync(string codeHash, CancellationToken cancellationToken = default) => Inner.GetAppCodeByHashAsync(codeHash, cancellationToken);
    public virtual Task<ApiSettings?> GetApiSettingsAsync(string apiId, CancellationToken cancellationToken = default) => Inner.GetApiSettingsAsync(apiId, cancellationToken);
    public virtual Task<IReadOnlyList<AppAuthorization>> GetAuthorizationsForAppAsync(string appId, CancellationToken cancellationToken = default) => Inner.GetAuthorizationsForAppAsync(appId, cancellationToken);
    public virtual Task<bool> IsTokenRevokedAsync(string jti, CancellationToken cancellationToken = default) => Inner.IsTokenRevokedAsync(jti, cancellationToken);
    public virtual Task<long> GetFailureCountAsync(string counter, CancellationToken cancellationToken = default) => Inner.GetFailureCountAsync(counter, cancellationToken);
    public virtual Task<bool> TryRecordNonceAsync(string appKey, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => Inner.TryRecordNonceAsync(appKey, nonce, expiresAt, cancellationToken);
    public virtual Task<long> AddFailureAsync(string counter, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => Inner.AddFailureAsync(counter, expiresAt, cancellationToken);
    public virtual Task CreateAppAsync(AppRecord app, IReadOnlyList<AppCodeRecord> codes, CancellationToken cancellationToken = default) => Inner.CreateAppAsync(app, codes, cancellationToken);
    public virtual Task<Page<AppRecord>> ListAppsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default) => Inner.ListAppsAsync(limit, nextToken, cancellationToken);
    public virtual Task AddAppCodeAsync(AppCodeRecord code, int? maxCodes = null, CancellationToken cancellationToken = default) => Inner.AddAppCodeAsync(code, maxCodes, cancellationToken);
    public virtual Task<IReadOnlyList<AppCodeRecord>> ListAppCodesAsync(string appId, CancellationToken cancellationToken = default) => Inner.ListAppCodesAsync(appId, cancellationToken);
    public virtual Task<bool> DeleteAppCodeAsync(string appId, string codeId, CancellationToken cancellationToken = default) => Inner.DeleteAppCodeAsync(appId, codeId, cancellationToken);
    public virtual Task<ApiSettings> PutApiSettingsAsync(ApiSettings settings, long? expectedVersion, CancellationToken cancellationToken = default) => Inner.PutApiSettingsAsync(settings, expectedVersion, cancellationToken);
    public virtual Task<Page<ApiSettings>> ListApiSettingsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default) => Inner.ListApiSettingsAsync(limit, nextToken, cancellationToken);
    public virtual Task<bool> DeleteApiSettingsAsync(string apiId, CancellationToken cancellationToken = default) => Inner.DeleteApiSettingsAsync(apiId, cancellationToken);
    public virtual Task PutAuthorizationAsync(AppAuthorization authorization, CancellationToken cancellationToken = default) => Inner.PutAuthorizationAsync(authorization, cancellationToken);
    public virtual Task<Page<AppAuthorization>> ListAuthorizationsForApiAsync(string apiId, int limit, string? nextToken, CancellationToken cancellationToken = default) => Inner.ListAuthorizationsForApiAsync(apiId, limit, nextToken, cancellationToken);
    public virtual Task RevokeTokenAsync(string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => Inner.RevokeTokenAsync(jti, expiresAt, cancellationToken);
    public virtual Task<long> GetAdminGuardAsync(CancellationToken cancellationToken = default) => Inner.GetAdminGuardAsync(cancellationToken);
    public virtual Task<AppRecord> UpdateAppAsync(AppRecord app, long expectedVersion, long? adminGuard = null, CancellationToken cancellationToken = default) => Inner.UpdateAppAsync(app, expectedVersion, adminGuard, cancellationToken);
    public virtual Task<bool> DeleteAppAsync(string appId, AppWriteCondition? condition = null, CancellationToken cancellationToken = default) => Inner.DeleteAppAsync(appId, condition, cancellationToken);
    public virtual Task<bool> DeleteAuthorizationAsync(string appId, string authId, AppWriteCondition? condition = null, CancellationToken cancellationToken = default) => Inner.DeleteAuthorizationAsync(appId, authId, condition, cancellationToken);
}
