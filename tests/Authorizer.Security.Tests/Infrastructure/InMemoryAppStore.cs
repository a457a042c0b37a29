using Authorizer.Core.Model;
using Authorizer.Core.Store;

namespace Authorizer.Security.Tests.Infrastructure;

/// <summary>A thread-safe in-memory <see cref="IAppStore"/> for fast property runs; not a product store.</summary>
internal sealed class InMemoryAppStore : IAppStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AppRecord> _apps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AppCodeRecord> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ApiSettings> _apis = new(StringComparer.Ordinal);
    private readonly List<AppAuthorization> _authorizations = [];
    private readonly Dictionary<string, DateTimeOffset> _nonces = new(StringComparer.Ordinal);
    private readonly HashSet<string> _revoked = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public InMemoryAppStore(TimeProvider time) => _time = time;

    public Task<AppRecord?> GetAppAsync(string appId, CancellationToken cancellationToken = default)
    {
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
            return Task.FromResult<IReadOnlyList<AppAuthorization>>(_authorizations.Where(a => a.AppId == appId).ToList());
        }
    }

    public Task<bool> TryRecordNonceAsync(string appKey, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var key = appKey + "\n" + nonce;
            if (_nonces.TryGetValue(key, out var until) && until > _time.GetUtcNow())
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
            return Task.FromResult(_revoked.Contains(jti));
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
            var skip = int.TryParse(nextToken, out var n) ? n : 0;
            var items = _apps.Values.OrderBy(a => a.AppId, StringComparer.Ordinal).Skip(skip).Take(limit).ToList();
            var next = skip + items.Count < _apps.Count ? (skip + items.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            return Task.FromResult(new Page<AppRecord>(items, next));
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
            var removed = _apps.Remove(appId);
            foreach (var code in _codes.Values.Where(c => c.AppId == appId).ToList())
            {
                _codes.Remove(code.CodeId);
            }

            _authorizations.RemoveAll(a => a.AppId == appId);
            return Task.FromResult(removed);
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
            return Task.FromResult(_codes.TryGetValue(codeId, out var code) && code.AppId == appId && _codes.Remove(codeId));
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

            var stored = settings with { Version = (current?.Version ?? 0) + 1 };
            _apis[settings.ApiId] = stored;
            return Task.FromResult(stored);
        }
    }

    public Task<Page<ApiSettings>> ListApiSettingsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(new Page<ApiSettings>(_apis.Values.Take(limit).ToList(), null));
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
            _authorizations.RemoveAll(a => a.AppId == authorization.AppId && a.AuthId == authorization.AuthId);
            _authorizations.Add(authorization);
            return Task.CompletedTask;
        }
    }

    public Task<Page<AppAuthorization>> ListAuthorizationsForApiAsync(string apiId, int limit, string? nextToken, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(new Page<AppAuthorization>(_authorizations.Where(a => a.ApiId == apiId).Take(limit).ToList(), null));
        }
    }

    public Task<bool> DeleteAuthorizationAsync(string appId, string authId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_authorizations.RemoveAll(a => a.AppId == appId && a.AuthId == authId) > 0);
        }
    }

    public Task RevokeTokenAsync(string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _revoked.Add(jti);
            return Task.CompletedTask;
        }
    }
}
