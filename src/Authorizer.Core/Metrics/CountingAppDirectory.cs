using Authorizer.Core.Model;
using Authorizer.Core.Store;

namespace Authorizer.Core.Metrics;

/// <summary>
/// Counts directory reads without knowing how the cache works: placed outside the cache it counts lookups,
/// placed between the cache and the uncached directory it counts misses. Hits are lookups minus misses.
/// </summary>
public sealed class CountingAppDirectory : IAppDirectory
{
    private readonly IAppDirectory _inner;
    private readonly AuthorizerMetrics _metrics;
    private readonly bool _countsMisses;

    private CountingAppDirectory(IAppDirectory inner, AuthorizerMetrics metrics, bool countsMisses)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(metrics);
        _inner = inner;
        _metrics = metrics;
        _countsMisses = countsMisses;
    }

    /// <summary>Wraps the caching directory: every call is a lookup.</summary>
    public static CountingAppDirectory Lookups(IAppDirectory cached, AuthorizerMetrics metrics) => new(cached, metrics, false);

    /// <summary>Wraps the directory behind the cache: every call that gets here is a miss.</summary>
    public static CountingAppDirectory Misses(IAppDirectory uncached, AuthorizerMetrics metrics) => new(uncached, metrics, true);

    public ValueTask<ResolvedApp?> FindByAppKeyAsync(string appKey, CancellationToken cancellationToken = default)
    {
        Count(LookupKind.AppByKey);
        return _inner.FindByAppKeyAsync(appKey, cancellationToken);
    }

    public ValueTask<ResolvedApp?> FindByAppIdAsync(string appId, CancellationToken cancellationToken = default)
    {
        Count(LookupKind.AppById);
        return _inner.FindByAppIdAsync(appId, cancellationToken);
    }

    public ValueTask<ResolvedAppCode?> FindByAppCodeHashAsync(string codeHash, CancellationToken cancellationToken = default)
    {
        Count(LookupKind.AppCode);
        return _inner.FindByAppCodeHashAsync(codeHash, cancellationToken);
    }

    public ValueTask<ApiSettings> GetApiSettingsAsync(string apiId, CancellationToken cancellationToken = default)
    {
        Count(LookupKind.ApiSettings);
        return _inner.GetApiSettingsAsync(apiId, cancellationToken);
    }

    public ValueTask<IReadOnlyList<AppAuthorization>> GetAuthorizationsAsync(string appId, CancellationToken cancellationToken = default)
    {
        Count(LookupKind.Authorizations);
        return _inner.GetAuthorizationsAsync(appId, cancellationToken);
    }

    public ValueTask<ResolvedApp?> FindByAppKeyAsync(string appKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Count(LookupKind.AppByKey);
        return _inner.FindByAppKeyAsync(appKey, now, cancellationToken);
    }

    public ValueTask<ResolvedApp?> FindByAppIdAsync(string appId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Count(LookupKind.AppById);
        return _inner.FindByAppIdAsync(appId, now, cancellationToken);
    }

    public ValueTask<ResolvedAppCode?> FindByAppCodeHashAsync(string codeHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Count(LookupKind.AppCode);
        return _inner.FindByAppCodeHashAsync(codeHash, now, cancellationToken);
    }

    public ValueTask<ApiSettings> GetApiSettingsAsync(string apiId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Count(LookupKind.ApiSettings);
        return _inner.GetApiSettingsAsync(apiId, now, cancellationToken);
    }

    public ValueTask<IReadOnlyList<AppAuthorization>> GetAuthorizationsAsync(string appId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Count(LookupKind.Authorizations);
        return _inner.GetAuthorizationsAsync(appId, now, cancellationToken);
    }

    private void Count(LookupKind kind)
    {
        if (_countsMisses)
        {
            _metrics.RecordMiss(kind);
        }
        else
        {
            _metrics.RecordLookup(kind);
        }
    }
}
