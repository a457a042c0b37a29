using System.Collections.Concurrent;
using Authorizer.Core.Model;

namespace Authorizer.Management.Tests;

/// <summary>
/// The shared in-memory store with test hooks: app reads that fail or never answer on demand, and the expiry each
/// revocation was requested with.
/// </summary>
internal sealed class InstrumentedAppStore(TimeProvider time) : InMemoryAppStore(time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);

    public bool FailReads { get; set; }

    /// <summary>App reads wait until their token is cancelled: a store that accepted the request and never answers.</summary>
    public bool HangReads { get; set; }

    public IReadOnlyDictionary<string, DateTimeOffset> Revoked => _revoked;

    public override async Task<AppRecord?> GetAppAsync(string appId, CancellationToken cancellationToken = default)
    {
        if (FailReads)
        {
            throw new InvalidOperationException("store unavailable");
        }

        if (HangReads)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return await base.GetAppAsync(appId, cancellationToken);
    }

    public override Task RevokeTokenAsync(string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        _revoked[jti] = expiresAt;
        return base.RevokeTokenAsync(jti, expiresAt, cancellationToken);
    }
}
