using System.Collections.Concurrent;
using Authorizer.Core.Model;

namespace Authorizer.Management.Tests;

/// <summary>
/// The shared in-memory store with two test hooks: app reads that fail on demand, and the expiry each
/// revocation was requested with.
/// </summary>
internal sealed class InstrumentedAppStore(TimeProvider time) : InMemoryAppStore(time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);

    public bool FailReads { get; set; }

    public IReadOnlyDictionary<string, DateTimeOffset> Revoked => _revoked;

    public override Task<AppRecord?> GetAppAsync(string appId, CancellationToken cancellationToken = default) =>
        FailReads ? throw new InvalidOperationException("store unavailable") : base.GetAppAsync(appId, cancellationToken);

    public override Task RevokeTokenAsync(string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        _revoked[jti] = expiresAt;
        return base.RevokeTokenAsync(jti, expiresAt, cancellationToken);
    }
}
