namespace Authorizer.Core.Caching;

/// <summary>Bounds of the in-process app cache.</summary>
public sealed record AppCacheOptions
{
    /// <summary>How long a found app, its settings or authorizations are served before the store is read again.</summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an unknown AppKey, app id or AppCode is remembered as unknown.</summary>
    public TimeSpan NegativeTtl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The most entries held; the soonest-expiring are dropped first when full.</summary>
    public int MaxEntries { get; init; } = 10_000;

    internal void Validate()
    {
        if (Ttl < TimeSpan.Zero || NegativeTtl < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Ttl), "Cache lifetimes cannot be negative.");
        }

        if (MaxEntries < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxEntries), MaxEntries, "The cache must hold at least one entry.");
        }
    }
}
