using System.Collections.Concurrent;
using Authorizer.Core.Metrics;
using Authorizer.Core.Model;
using Authorizer.Core.Store;

namespace Authorizer.Core.Caching;

/// <summary>
/// A bounded, short-lived in-process cache in front of an <see cref="IAppDirectory"/>. Unknown AppKeys, app ids and
/// AppCodes are remembered for <see cref="AppCacheOptions.NegativeTtl"/> so a flood of bad credentials does not
/// reach the store; concurrent misses for one key share one inner read; failures are never cached.
/// </summary>
public sealed class CachingAppDirectory : IAppDirectory
{
    private const int HitCounter = 0;
    private const int MissCounter = 1;

    private readonly IAppDirectory _inner;
    private readonly AppCacheOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<CacheKey, Entry> _entries = new();
    private readonly ConcurrentDictionary<CacheKey, Lazy<Task<object?>>> _flights = new();
    private readonly object _evictionGate = new();

    // Every hit counts, several per decision: striped, so concurrent hits write no shared cache line.
    private readonly StripedCounters _counts = new(2);

    public CachingAppDirectory(IAppDirectory inner, AppCacheOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _inner = inner;
        _options = options;
        _time = time;
    }

    /// <summary>Lookups answered from the cache, negative entries included.</summary>
    public long Hits => _counts.Read(HitCounter);

    /// <summary>Lookups that went to the inner directory (concurrent misses sharing one read count once each).</summary>
    public long Misses => _counts.Read(MissCounter);

    /// <summary>Entries held now, expired ones not yet dropped included.</summary>
    public int Count => _entries.Count;

    public ValueTask<ResolvedApp?> FindByAppKeyAsync(string appKey, CancellationToken cancellationToken = default) =>
        FindByAppKeyAsync(appKey, _time.GetUtcNow(), cancellationToken);

    public ValueTask<ResolvedApp?> FindByAppIdAsync(string appId, CancellationToken cancellationToken = default) =>
        FindByAppIdAsync(appId, _time.GetUtcNow(), cancellationToken);

    public ValueTask<ResolvedAppCode?> FindByAppCodeHashAsync(string codeHash, CancellationToken cancellationToken = default) =>
        FindByAppCodeHashAsync(codeHash, _time.GetUtcNow(), cancellationToken);

    public ValueTask<ApiSettings> GetApiSettingsAsync(string apiId, CancellationToken cancellationToken = default) =>
        GetApiSettingsAsync(apiId, _time.GetUtcNow(), cancellationToken);

    public ValueTask<IReadOnlyList<AppAuthorization>> GetAuthorizationsAsync(string appId, CancellationToken cancellationToken = default) =>
        GetAuthorizationsAsync(appId, _time.GetUtcNow(), cancellationToken);

    // Hits are answered without a delegate or a state machine: only a miss builds the loader. A hit is judged by the
    // caller's reading of the clock; a miss stamps its entry with a fresh reading once the read is done.
    public ValueTask<ResolvedApp?> FindByAppKeyAsync(string appKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        TryGetCached(new CacheKey(Kind.AppKey, appKey), now, out var value)
            ? new((ResolvedApp?)value)
            : LoadOrJoinAsync<ResolvedApp?>(new CacheKey(Kind.AppKey, appKey), (inner, id, ct) => inner.FindByAppKeyAsync(id, ct), cancellationToken);

    public ValueTask<ResolvedApp?> FindByAppIdAsync(string appId, DateTimeOffset now, CancellationToken cancellationToken) =>
        TryGetCached(new CacheKey(Kind.AppId, appId), now, out var value)
            ? new((ResolvedApp?)value)
            : LoadOrJoinAsync<ResolvedApp?>(new CacheKey(Kind.AppId, appId), (inner, id, ct) => inner.FindByAppIdAsync(id, ct), cancellationToken);

    public ValueTask<ResolvedAppCode?> FindByAppCodeHashAsync(string codeHash, DateTimeOffset now, CancellationToken cancellationToken) =>
        TryGetCached(new CacheKey(Kind.CodeHash, codeHash), now, out var value)
            ? new((ResolvedAppCode?)value)
            : LoadOrJoinAsync<ResolvedAppCode?>(new CacheKey(Kind.CodeHash, codeHash), (inner, id, ct) => inner.FindByAppCodeHashAsync(id, ct), cancellationToken);

    public ValueTask<ApiSettings> GetApiSettingsAsync(string apiId, DateTimeOffset now, CancellationToken cancellationToken) =>
        TryGetCached(new CacheKey(Kind.ApiSettings, apiId), now, out var value)
            ? value is ApiSettings settings ? new(settings) : new(Task.FromException<ApiSettings>(NoSettings()))
            : LoadSettingsAsync(apiId, cancellationToken);

    public ValueTask<IReadOnlyList<AppAuthorization>> GetAuthorizationsAsync(string appId, DateTimeOffset now, CancellationToken cancellationToken) =>
        TryGetCached(new CacheKey(Kind.Authorizations, appId), now, out var value)
            ? new((IReadOnlyList<AppAuthorization>?)value ?? [])
            : LoadAuthorizationsAsync(appId, cancellationToken);

    /// <summary>Drops everything, e.g. after a management write in the same process.</summary>
    public void Clear() => _entries.Clear();

    private static InvalidOperationException NoSettings() => new("The inner directory answered no API settings.");

    private async ValueTask<ApiSettings> LoadSettingsAsync(string apiId, CancellationToken cancellationToken) =>
        await LoadOrJoinAsync<ApiSettings?>(
            new CacheKey(Kind.ApiSettings, apiId),
            async (inner, id, ct) => await inner.GetApiSettingsAsync(id, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false)
        ?? throw NoSettings();

    private async ValueTask<IReadOnlyList<AppAuthorization>> LoadAuthorizationsAsync(string appId, CancellationToken cancellationToken) =>
        await LoadOrJoinAsync<IReadOnlyList<AppAuthorization>?>(
            new CacheKey(Kind.Authorizations, appId),
            async (inner, id, ct) => await inner.GetAuthorizationsAsync(id, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false) ?? [];

    private bool TryGetCached(CacheKey key, DateTimeOffset now, out object? value)
    {
        if (key.Id is not null && _entries.TryGetValue(key, out var entry))
        {
            if (entry.ExpiresAt > now)
            {
                _counts.Increment(HitCounter);
                value = entry.Value;
                return true;
            }

            _entries.TryRemove(new KeyValuePair<CacheKey, Entry>(key, entry));
        }

        value = null;
        return false;
    }

    private async ValueTask<T> LoadOrJoinAsync<T>(CacheKey key, Func<IAppDirectory, string, CancellationToken, ValueTask<T>> read, CancellationToken cancellationToken)
        where T : class?
    {
        ArgumentNullException.ThrowIfNull(key.Id);

        // The shared read is not tied to one caller's token: a caller that gives up must not fail the others.
        // Each caller still stops waiting when its own token fires.
        var flight = _flights.GetOrAdd(key, k => new Lazy<Task<object?>>(() => LoadAsync(k, ct => read(_inner, k.Id, ct))));
        _counts.Increment(MissCounter);
        var value = await flight.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return (T)value!;
    }

    private async Task<object?> LoadAsync<T>(CacheKey key, Func<CancellationToken, ValueTask<T>> load)
    {
        try
        {
            var value = KeepOffered(await load(CancellationToken.None).ConfigureAwait(false));
            var lifetime = value is null ? _options.NegativeTtl : _options.Ttl;
            if (lifetime > TimeSpan.Zero)
            {
                MakeRoom();
                _entries[key] = new Entry(value, _time.GetUtcNow() + lifetime);
            }

            return value;
        }
        finally
        {
            _flights.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// Authorizations the inner directory read together with an app become the app's authorizations entry (as if
    /// the engine had asked for them at this moment), so the decision that follows does not read them again; the
    /// cached app does not carry them.
    /// </summary>
    private object? KeepOffered(object? value)
    {
        switch (value)
        {
            case ResolvedApp { Authorizations: { } offered } app:
                KeepAuthorizations(app.App.AppId, offered);
                return app with { Authorizations = null };
            case ResolvedAppCode { App.Authorizations: { } offered } code:
                KeepAuthorizations(code.App.App.AppId, offered);
                return code with { App = code.App with { Authorizations = null } };
            default:
                return value;
        }
    }

    private void KeepAuthorizations(string appId, IReadOnlyList<AppAuthorization> authorizations)
    {
        if (_options.Ttl <= TimeSpan.Zero)
        {
            return;
        }

        var key = new CacheKey(Kind.Authorizations, appId);
        var now = _time.GetUtcNow();
        if (_entries.TryGetValue(key, out var current) && current.ExpiresAt > now)
        {
            return;
        }

        MakeRoom();
        _entries[key] = new Entry(authorizations, now + _options.Ttl);
    }

    private void MakeRoom()
    {
        if (_entries.Count < _options.MaxEntries)
        {
            return;
        }

        lock (_evictionGate)
        {
            if (_entries.Count < _options.MaxEntries)
            {
                return;
            }

            var now = _time.GetUtcNow();
            foreach (var pair in _entries)
            {
                if (pair.Value.ExpiresAt <= now)
                {
                    _entries.TryRemove(pair);
                }
            }

            // Still full: drop the soonest-expiring tenth (at least one) so eviction is not paid on every insert.
            var excess = _entries.Count - _options.MaxEntries + 1;
            if (excess > 0)
            {
                var drop = Math.Max(excess, _options.MaxEntries / 10);
                foreach (var pair in _entries.OrderBy(p => p.Value.ExpiresAt).Take(drop).ToList())
                {
                    _entries.TryRemove(pair);
                }
            }
        }
    }

    private enum Kind
    {
        AppKey,
        AppId,
        CodeHash,
        ApiSettings,
        Authorizations,
    }

    private readonly record struct CacheKey(Kind Kind, string Id);

    private sealed record Entry(object? Value, DateTimeOffset ExpiresAt);
}
