using Authorizer.Core.Model;
using Authorizer.Core.Store;

namespace Authorizer.TestSupport;

/// <summary>
/// An <see cref="IAppStore"/> in dictionaries with the real stores' contract (the Store suite runs the contract
/// tests against it): uniqueness and version conflicts, cascading deletes, opaque paging tokens, expiry on read.
/// Records are kept by reference, not copied. Methods are virtual so a suite can count calls or inject failures
/// in a small subclass of its own.
/// </summary>
public class InMemoryAppStore : IAppStore
{
    private const char KeySeparator = '\u001f';

    private readonly Lock _gate = new();
    private readonly Dictionary<string, AppRecord> _apps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _appIdsByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AppCodeRecord> _codesByHash = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ApiSettings> _settings = new(StringComparer.Ordinal);
    private readonly Dictionary<(string AppId, string AuthId), AppAuthorization> _authorizations = [];
    private readonly Dictionary<(string AppKey, string Nonce), DateTimeOffset> _nonces = [];
    private readonly Dictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Count, DateTimeOffset ExpiresAt)> _failures = new(StringComparer.Ordinal);
    private long _adminGuard;
    private readonly TimeProvider _time;

    public InMemoryAppStore(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    public virtual Task<AppRecord?> GetAppAsync(string appId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_apps.GetValueOrDefault(appId));
        }
    }

    public virtual Task<AppRecord?> GetAppByKeyAsync(string appKey, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_appIdsByKey.TryGetValue(appKey, out var appId) ? _apps[appId] : null);
        }
    }

    public virtual Task<AppCodeRecord?> GetAppCodeByHashAsync(string codeHash, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_codesByHash.GetValueOrDefault(codeHash));
        }
    }

    public virtual Task<ApiSettings?> GetApiSettingsAsync(string apiId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_settings.GetValueOrDefault(apiId));
        }
    }

    public virtual Task<IReadOnlyList<AppAuthorization>> GetAuthorizationsForAppAsync(string appId, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            IReadOnlyList<AppAuthorization> result = _authorizations.Values
                .Where(a => string.Equals(a.AppId, appId, StringComparison.Ordinal) && a.IsActiveAt(now))
                .OrderBy(a => a.AuthId, StringComparer.Ordinal)
                .ToList();
            return Task.FromResult(result);
        }
    }

    public virtual Task<bool> TryRecordNonceAsync(string appKey, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appKey);
        ArgumentNullException.ThrowIfNull(nonce);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            // A recorded nonce blocks reuse until its expiry has passed; then it may be taken over.
            if (_nonces.TryGetValue((appKey, nonce), out var until) && until > now)
            {
                return Task.FromResult(false);
            }

            _nonces[(appKey, nonce)] = expiresAt;
            return Task.FromResult(true);
        }
    }

    public virtual Task<bool> IsTokenRevokedAsync(string jti, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            return Task.FromResult(_revoked.TryGetValue(jti, out var until) && until > now);
        }
    }

    public virtual Task<long> AddFailureAsync(string counter, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(counter);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var count = _failures.TryGetValue(counter, out var held) && held.ExpiresAt > now ? held.Count + 1 : 1;
            _failures[counter] = (count, count == 1 ? expiresAt : held.ExpiresAt);
            return Task.FromResult(count);
        }
    }

    public virtual Task<long> GetFailureCountAsync(string counter, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            return Task.FromResult(_failures.TryGetValue(counter, out var held) && held.ExpiresAt > now ? held.Count : 0L);
        }
    }

    public virtual Task CreateAppAsync(AppRecord app, IReadOnlyList<AppCodeRecord> codes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(codes);
        if (codes.Any(c => !string.Equals(c.AppId, app.AppId, StringComparison.Ordinal)))
        {
            throw new ArgumentException("Every AppCode must belong to the app being created.", nameof(codes));
        }

        lock (_gate)
        {
            var codeIds = new HashSet<string>(StringComparer.Ordinal);
            var hashes = new HashSet<string>(StringComparer.Ordinal);
            if (_apps.ContainsKey(app.AppId)
                || _appIdsByKey.ContainsKey(app.AppKey)
                || codes.Any(c => !codeIds.Add(c.CodeId) || !hashes.Add(c.CodeHash) || _codesByHash.ContainsKey(c.CodeHash)))
            {
                throw new StoreConflictException("An app with this id or AppKey, or one of the AppCodes, already exists.");
            }

            _apps.Add(app.AppId, app);
            _appIdsByKey.Add(app.AppKey, app.AppId);
            foreach (var code in codes)
            {
                _codesByHash.Add(code.CodeHash, code);
            }

            return Task.CompletedTask;
        }
    }

    public virtual Task<Page<AppRecord>> ListAppsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default)
    {
        PageToken.ValidateLimit(limit);
        var after = PageToken.Decode(nextToken);
        lock (_gate)
        {
            return Task.FromResult(PageOf(_apps.Values, a => a.AppId, limit, after));
        }
    }

    public virtual Task<long> GetAdminGuardAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_adminGuard);
        }
    }

    public virtual Task<AppRecord> UpdateAppAsync(AppRecord app, long expectedVersion, long? adminGuard = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        var updated = app with { Version = expectedVersion + 1, UpdatedAt = _time.GetUtcNow() };
        lock (_gate)
        {
            CheckAdminGuard(adminGuard);
            if (!_apps.TryGetValue(app.AppId, out var current) || current.Version != expectedVersion)
            {
                throw new StoreConflictException("The app does not exist or was changed since it was read.");
            }

            if (_appIdsByKey.TryGetValue(app.AppKey, out var holder) && !string.Equals(holder, app.AppId, StringComparison.Ordinal))
            {
                throw new StoreConflictException("Another app already uses this AppKey.");
            }

            _appIdsByKey.Remove(current.AppKey);
            _appIdsByKey.Add(updated.AppKey, updated.AppId);
            _apps[app.AppId] = updated;
            MoveAdminGuard(adminGuard);
            return Task.FromResult(updated);
        }
    }

    public virtual Task<bool> DeleteAppAsync(string appId, AppWriteCondition? condition = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!CheckCondition(appId, condition) || !_apps.Remove(appId, out var removed))
            {
                return Task.FromResult(false);
            }

            MoveAdminGuard(condition?.AdminGuard);
            _appIdsByKey.Remove(removed.AppKey);
            foreach (var code in _codesByHash.Values.Where(c => string.Equals(c.AppId, appId, StringComparison.Ordinal)).ToList())
            {
                _codesByHash.Remove(code.CodeHash);
            }

            foreach (var key in _authorizations.Keys.Where(k => string.Equals(k.AppId, appId, StringComparison.Ordinal)).ToList())
            {
                _authorizations.Remove(key);
            }

            return Task.FromResult(true);
        }
    }

    public virtual Task AddAppCodeAsync(AppCodeRecord code, int? maxCodes = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        lock (_gate)
        {
            if (!_apps.ContainsKey(code.AppId)
                || _codesByHash.ContainsKey(code.CodeHash)
                || FindCode(code.AppId, code.CodeId) is not null)
            {
                throw new StoreConflictException("The app does not exist, or the AppCode or its id is already in use.");
            }

            if (maxCodes is { } max && _codesByHash.Values.Count(c => string.Equals(c.AppId, code.AppId, StringComparison.Ordinal)) >= max)
            {
                throw new AppCodeLimitException();
            }

            _codesByHash.Add(code.CodeHash, code);
            return Task.CompletedTask;
        }
    }

    public virtual Task<IReadOnlyList<AppCodeRecord>> ListAppCodesAsync(string appId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<AppCodeRecord> result = _codesByHash.Values
                .Where(c => string.Equals(c.AppId, appId, StringComparison.Ordinal))
                .OrderBy(c => c.CodeId, StringComparer.Ordinal)
                .ToList();
            return Task.FromResult(result);
        }
    }

    public virtual Task<bool> DeleteAppCodeAsync(string appId, string codeId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(FindCode(appId, codeId) is { } code && _codesByHash.Remove(code.CodeHash));
        }
    }

    public virtual Task<ApiSettings> PutApiSettingsAsync(ApiSettings settings, long? expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        lock (_gate)
        {
            var current = _settings.GetValueOrDefault(settings.ApiId)?.Version ?? 0;

            // An expected version of 0 means "only if it does not exist yet".
            if (expectedVersion is { } expected && expected != current)
            {
                throw new StoreConflictException("The API settings were changed since they were read.");
            }

            var stored = settings with { Version = current + 1 };
            _settings[stored.ApiId] = stored;
            return Task.FromResult(stored);
        }
    }

    public virtual Task<Page<ApiSettings>> ListApiSettingsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default)
    {
        PageToken.ValidateLimit(limit);
        var after = PageToken.Decode(nextToken);
        lock (_gate)
        {
            return Task.FromResult(PageOf(_settings.Values, s => s.ApiId, limit, after));
        }
    }

    public virtual Task<bool> DeleteApiSettingsAsync(string apiId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_settings.Remove(apiId));
        }
    }

    public virtual Task PutAuthorizationAsync(AppAuthorization authorization, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        lock (_gate)
        {
            if (!_apps.ContainsKey(authorization.AppId))
            {
                throw new StoreConflictException("The app of this authorization does not exist.");
            }

            _authorizations[(authorization.AppId, authorization.AuthId)] = authorization;
            return Task.CompletedTask;
        }
    }

    public virtual Task<Page<AppAuthorization>> ListAuthorizationsForApiAsync(string apiId, int limit, string? nextToken, CancellationToken cancellationToken = default)
    {
        PageToken.ValidateLimit(limit);
        var after = PageToken.Decode(nextToken);
        if (after is not null && after.Split(KeySeparator).Length != 2)
        {
            throw new ArgumentException("The nextToken is not a token this listing issued.", nameof(nextToken));
        }

        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var active = _authorizations.Values.Where(a => string.Equals(a.ApiId, apiId, StringComparison.Ordinal) && a.IsActiveAt(now));
            return Task.FromResult(PageOf(active, a => a.AppId + KeySeparator + a.AuthId, limit, after));
        }
    }

    public virtual Task<bool> DeleteAuthorizationAsync(string appId, string authId, AppWriteCondition? condition = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!CheckCondition(appId, condition) || !_authorizations.Remove((appId, authId)))
            {
                return Task.FromResult(false);
            }

            MoveAdminGuard(condition?.AdminGuard);
            return Task.FromResult(true);
        }
    }

    /// <summary>Under the gate: false when the app is gone; throws when it or the admin guard changed.</summary>
    private bool CheckCondition(string appId, AppWriteCondition? condition)
    {
        if (condition is not { } c)
        {
            return true;
        }

        CheckAdminGuard(c.AdminGuard);
        if (!_apps.TryGetValue(appId, out var app))
        {
            return false;
        }

        return app.Version == c.AppVersion ? true : throw new StoreConflictException("The app was changed since it was read.");
    }

    private void CheckAdminGuard(long? expected)
    {
        if (expected is { } e && e != _adminGuard)
        {
            throw new AdminGuardConflictException();
        }
    }

    private void MoveAdminGuard(long? expected)
    {
        if (expected is not null)
        {
            _adminGuard++;
        }
    }

    public virtual Task RevokeTokenAsync(string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jti);
        lock (_gate)
        {
            // Revoking again never shortens a revocation.
            _revoked[jti] = _revoked.TryGetValue(jti, out var until) && until > expiresAt ? until : expiresAt;
            return Task.CompletedTask;
        }
    }

    private AppCodeRecord? FindCode(string appId, string codeId) =>
        _codesByHash.Values.FirstOrDefault(c =>
            string.Equals(c.AppId, appId, StringComparison.Ordinal) && string.Equals(c.CodeId, codeId, StringComparison.Ordinal));

    private static Page<T> PageOf<T>(IEnumerable<T> items, Func<T, string> key, int limit, string? after)
    {
        var page = items
            .Select(item => (Key: key(item), Item: item))
            .Where(x => after is null || string.CompareOrdinal(x.Key, after) > 0)
            .OrderBy(x => x.Key, StringComparer.Ordinal)
            .Take(limit + 1)
            .ToList();
        var more = page.Count > limit;
        var taken = page.Take(limit).ToList();
        return new Page<T>(taken.Select(x => x.Item).ToList(), more ? PageToken.Encode(taken[^1].Key) : null);
    }
}
