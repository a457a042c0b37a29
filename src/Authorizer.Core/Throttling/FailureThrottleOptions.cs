namespace Authorizer.Core.Throttling;

/// <summary>
/// Failed-guess throttling per AppKey and per source IP, in each container and, through the store's shared
/// counters, across containers. The default (20 failures in a
/// minute block the key or address for 60 s) slows credential stuffing far below any useful rate while a
/// legitimate app with a bug gets its denials back quickly.
/// </summary>
public sealed record FailureThrottleOptions
{
    public const int DefaultMaxFailures = 20;
    public const int DefaultMaxTrackedKeys = 10_000;

    /// <summary>False turns throttling off entirely.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Failures within <see cref="Window"/> that trigger a block.</summary>
    public int MaxFailures { get; init; } = DefaultMaxFailures;

    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan BlockDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Upper bound on the entries kept per dimension (AppKeys, addresses), so that an attacker sending endless
    /// random keys cannot grow memory. When full, expired entries are dropped first; if none can be dropped,
    /// new keys go untracked until room frees up (blocked entries are never evicted early).
    /// </summary>
    public int MaxTrackedKeys { get; init; } = DefaultMaxTrackedKeys;

    /// <summary>
    /// A container reads the shared counts for a key before verifying once the shared count it last saw in the
    /// current window reaches this (half the limit): early enough that failures split over a few containers
    /// still meet the lock, late enough that an app with an occasional failure never pays a store read.
    /// </summary>
    public int SharedReadThreshold => Math.Max(1, MaxFailures / 2);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for settings that cannot work.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFailures, 1, nameof(MaxFailures));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Window, TimeSpan.Zero, nameof(Window));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(BlockDuration, TimeSpan.Zero, nameof(BlockDuration));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTrackedKeys, 1, nameof(MaxTrackedKeys));
    }
}
