using Authorizer.Core.Model;
using Authorizer.Core.Store;

namespace Authorizer.Management.Tests;

/// <summary>A small IAppStore for unit tests of the API's own rules; the lifecycle test runs on the real stores.</summary>
internal sealed class InMemoryAppStore(TimeProvider time) : IAppStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, AppRecord> _apps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AppCodeRecord> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ApiSettings> _apis = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AppAuthorization> _auths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _nonces = new(StringComparer.Ordinal);

    public bool FailReads { get; set; }

    public Task<AppRecord?> GetAppAsync(string appId, CancellationToken cancellationToken = default)
    {
        if (FailReads)
        {
            throw new InvalidOperationException("store unavailable");
        }

        lock (_gate)
        {
            return Task.FromResult(_apps.GetValueOrDefault(appId));
        }
    }

    public Task<AppRecord?> GetAppByKeyAsync(string appKey, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_apps.Values.FirstOrDefault(a => a.AppKey == appKey));
        }
    }

    public Task<AppCodeRecord?> GetAppCodeByHashAsync(string codeHash, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_codes.Values.FirstOrDefault(c => c.CodeHash == codeHash));
        }
    }

    public Task<ApiSettings?> GetApiSettingsAsync(string apiId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_apis.GetValueOrDefault(apiId));
        }
    }

    public Task<IReadOnlyList<AppAuthorization>> GetAuthorizationsForAppAsync(string appId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            return Task.FromResult<IReadOnlyList<AppAuthorization>>(_auths.Values.Where(a => a.AppId == appId && a.IsActiveAt(now)).ToList());
        }
    }

    public Task<bool> TryRecordNonceAsync(string appKey, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var key = appKey + "#" + nonce;
            if (_nonces.TryGetValue(key, out var until) && until > time.GetUtcNow())
            {
                return Task.FromResult(false);
            }

            _nonces[key] = expiresAt;
            return Task.FromResult(true);
        }
    }

    public Task<bool> IsTokenRevokedAsync(string jti, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_revoked.TryGetValue(jti, out var until) && until > time.GetUtcNow());
        }
    }

    public IReadOnlyDictionary<string, DateTimeOffset> Revoked
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, DateTimeOffset>(_revoked);
            }
        }
    }

    public Task CreateAppAsync(AppRecord app, IReadOnlyList<AppCodeRecord> codes, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_apps.ContainsKey(app.AppId) || _apps.Values.Any(a => a.AppKey == app.AppKey))
            {
                throw new StoreConflictException("exists");
            }

            _apps[app.AppId] = app with { Version = 1 };
            foreach (var code in codes)
            {
                _codes[code.CodeId] = code;
            }

            return Task.CompletedTask;
        }
    }

    public Task<Page<AppRecord>> ListAppsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var ordered = _apps.Values.OrderBy(a => a.AppId, StringComparer.Ordinal)
                .Where(a => nextToken is null || string.CompareOrdinal(a.AppId, nextToken) > 0).ToList();
            var items = ordered.Take(limit).ToList();
            return Task.FromResult(new Page<AppRecord>(items, ordered.Count > limit ? items[^1].AppId : null));
        }
    }

    public Task<AppRecord> UpdateAppAsync(AppRecord app, long expectedVersion, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_apps.TryGetValue(app.AppId, out var current) || current.Version != expectedVersion)
            {
                throw new StoreConflictException("version");
            }

            var updated = app with { Version = expectedVersion + 1 };
            _apps[app.AppId] = updated;
            return Task.FromResult(updated);
        }
    }

    public Task<bool> DeleteAppAsync(string appId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_apps.Remove(appId))
            {
                return Task.FromResult(false);
            }

            foreach (var code in _codes.Values.Where(c => c.AppId == appId).ToList())
            {
                _codes.Remove(code.CodeId);
            }

            foreach (var auth in _auths.Values.Where(c => c.AppId == appId).ToList())
            {
                _auths.Remove(auth.AuthId);
            }

            return Task.FromResult(true);
        }
    }

    public Task AddAppCodeAsync(AppCodeRecord code, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _codes[code.CodeId] = code;
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<AppCodeRecord>> ListAppCodesAsync(string appId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<AppCodeRecord>>(_codes.Values.Where(c => c.AppId == appId).ToList());
        }
    }

    public Task<bool> DeleteAppCodeAsync(string appId, string codeId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_codes.TryGetValue(codeId, out var c) && c.AppId == appId && _codes.Remove(codeId));
        }
    }

    public Task<ApiSettings> PutApiSettingsAsync(ApiSettings settings, long? expectedVersion, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var current = _apis.GetValueOrDefault(settings.ApiId);
            if (expectedVersion is { } v && (current is null || current.Version != v))
            {
                throw new StoreConflictException("version");
            }

            var saved = settings with { Version = (current?.Version ?? 0) + 1 };
            _apis[settings.ApiId] = saved;
            return Task.FromResult(saved);
        }
    }

    public Task<Page<ApiSettings>> ListApiSettingsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var ordered = _apis.Values.OrderBy(a => a.ApiId, StringComparer.Ordinal)
                .Where(a => nextToken is null || string.CompareOrdinal(a.ApiId, nextToken) > 0).ToList();
            var items = ordered.Take(limit).ToList();
            return Task.FromResult(new Page<ApiSettings>(items, ordered.Count > limit ? items[^1].ApiId : null));
        }
    }

    public Task<bool> DeleteApiSettingsAsync(string apiId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_apis.Remove(apiId));
        }
    }

    public Task PutAuthorizationAsync(AppAuthorization authorization, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _auths[authorization.AuthId] = authorization;
            return Task.CompletedTask;
        }
    }

    public Task<Page<AppAuthorization>> ListAuthorizationsForApiAsync(string apiId, int limit, string? nextToken, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var ordered = _auths.Values.Where(a => a.ApiId == apiId).OrderBy(a => a.AuthId, StringComparer.Ordinal)
                .Where(a => nextToken is null || string.CompareOrdinal(a.AuthId, nextToken) > 0).ToList();
            var items = ordered.Take(limit).ToList();
            return Task.FromResult(new Page<AppAuthorization>(items, ordered.Count > limit ? items[^1].AuthId : null));
        }
    }

    public Task<bool> DeleteAuthorizationAsync(string appId, string authId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_auths.TryGetValue(authId, out var a) && a.AppId == appId && _auths.Remove(authId));
        }
    }

    public Task RevokeTokenAsync(string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _revoked[jti] = expiresAt;
            return Task.CompletedTask;
        }
    }
}
