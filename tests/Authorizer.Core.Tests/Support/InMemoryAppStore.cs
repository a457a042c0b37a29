using System.Collections.Concurrent;
using Authorizer.Core.Model;
using Authorizer.Core.Store;

namespace Authorizer.Core.Tests.Support;

/// <summary>Test-only store: dictionaries, no paging beyond one page.</summary>
internal sealed class InMemoryAppStore : IAppStore
{
    private readonly ConcurrentDictionary<string, AppRecord> _apps = new();
    private readonly ConcurrentDictionary<string, AppCodeRecord> _codes = new();
    private readonly ConcurrentDictionary<string, ApiSettings> _settings = new();
    private readonly ConcurrentDictionary<string, AppAuthorization> _authorizations = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _nonces = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new();
    private readonly TimeProvider _time;

    public InMemoryAppStore(TimeProvider time)
    {
        _time = time;
    }

    public int NonceWrites { get; private set; }

    public Task<AppRecord?> GetAppAsync(string appId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_apps.TryGetValue(appId, out var app) ? app : null);

    public Task<AppRecord?> GetAppByKeyAsync(string appKey, CancellationToken cancellationToken = default) =>
        Task.FromResult(_apps.Values.FirstOrDefault(a => a.AppKey == appKey));

    public Task<AppCodeRecord?> GetAppCodeByHashAsync(string codeHash, CancellationToken cancellationToken = default) =>
        Task.FromResult(_codes.Values.FirstOrDefault(c => c.CodeHash == codeHash));

    public Task<ApiSettings?> GetApiSettingsAsync(string apiId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_settings.TryGetValue(apiId, out var s) ? s : null);

    public Task<IReadOnlyList<AppAuthorization>> GetAuthorizationsForAppAsync(string appId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AppAuthorization>>(_authorizations.Values.Where(a => a.AppId == appId).OrderBy(a => a.CreatedAt).ToList());

    public Task<bool> TryRecordNonceAsync(string appKey, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        NonceWrites++;
        var key = appKey + "#" + nonce;
        var now = _time.GetUtcNow();
        if (_nonces.TryGetValue(key, out var existing) && existing > now)
        {
            return Task.FromResult(false);
        }

        _nonces[key] = expiresAt;
        return Task.FromResult(true);
    }

    public Task<bool> IsTokenRevokedAsync(string jti, CancellationToken cancellationToken = default) =>
        Task.FromResult(_revoked.ContainsKey(jti));

    public Task CreateAppAsync(AppRecord app, IReadOnlyList<AppCodeRecord> codes, CancellationToken cancellationToken = default)
    {
        if (_apps.Values.Any(a => a.AppKey == app.AppKey) || !_apps.TryAdd(app.AppId, app))
        {
            throw new StoreConflictException("exists");
        }

        foreach (var code in codes)
        {
            _codes[code.CodeId] = code;
        }

        return Task.CompletedTask;
    }

    public Task<Page<AppRecord>> ListAppsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default) =>
        Task.FromResult(new Page<AppRecord>(_apps.Values.Take(limit).ToList(), null));

    public Task<AppRecord> UpdateAppAsync(AppRecord app, long expectedVersion, CancellationToken cancellationToken = default)
    {
        if (!_apps.TryGetValue(app.AppId, out var current) || current.Version != expectedVersion)
        {
            throw new StoreConflictException("version");
        }

        var updated = app with { Version = expectedVersion + 1 };
        _apps[app.AppId] = updated;
        return Task.FromResult(updated);
    }

    public Task<bool> DeleteAppAsync(string appId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_apps.TryRemove(appId, out _));

    public Task AddAppCodeAsync(AppCodeRecord code, CancellationToken cancellationToken = default)
    {
        _codes[code.CodeId] = code;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AppCodeRecord>> ListAppCodesAsync(string appId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AppCodeRecord>>(_codes.Values.Where(c => c.AppId == appId).ToList());

    public Task<bool> DeleteAppCodeAsync(string appId, string codeId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_codes.TryRemove(codeId, out _));

    public Task<ApiSettings> PutApiSettingsAsync(ApiSettings settings, long? expectedVersion, CancellationToken cancellationToken = default)
    {
        _settings[settings.ApiId] = settings;
        return Task.FromResult(settings);
    }

    public Task<Page<ApiSettings>> ListApiSettingsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default) =>
        Task.FromResult(new Page<ApiSettings>(_settings.Values.Take(limit).ToList(), null));

    public Task<bool> DeleteApiSettingsAsync(string apiId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_settings.TryRemove(apiId, out _));

    public Task PutAuthorizationAsync(AppAuthorization authorization, CancellationToken cancellationToken = default)
    {
        _authorizations[authorization.AuthId] = authorization;
        return Task.CompletedTask;
    }

    public Task<Page<AppAuthorization>> ListAuthorizationsForApiAsync(string apiId, int limit, string? nextToken, CancellationToken cancellationToken = default) =>
        Task.FromResult(new Page<AppAuthorization>(_authorizations.Values.Where(a => a.ApiId == apiId).Take(limit).ToList(), null));

    public Task<bool> DeleteAuthorizationAsync(string appId, string authId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_authorizations.TryRemove(authId, out _));

    public Task RevokeTokenAsync(string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        _revoked[jti] = expiresAt;
        return Task.CompletedTask;
    }
}
