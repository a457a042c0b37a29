namespace Authorizer.Core.Throttling;

/// <summary>
/// Counts failed authentication attempts per AppKey and per source IP and blocks either for a while once it
/// crosses the limit. Thread-safe; memory is bounded by <see cref="FailureThrottleOptions.MaxTrackedKeys"/> per
/// dimension. State is per container: across many Lambda containers the effective limit is multiplied, so this
/// slows stuffing down rather than stopping a distributed attacker.
/// </summary>
public sealed class FailureThrottle
{
    private readonly FailureThrottleOptions _options;
    private readonly TimeProvider _time;
    private readonly FailureTable _byAppKey;
    private readonly FailureTable _bySourceIp;

    public FailureThrottle(FailureThrottleOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _options = options;
        _time = time;
        _byAppKey = new FailureTable(options);
        _bySourceIp = new FailureTable(options);
    }

    public FailureThrottleOptions Options => _options;

    /// <summary>True when the AppKey or the source address is currently blocked. Null or empty parts are ignored.</summary>
    public bool IsBlocked(string? appKey, string? sourceIp)
    {
        if (!_options.Enabled)
        {
            return false;
        }

        var now = _time.GetUtcNow();
        return (!string.IsNullOrEmpty(appKey) && _byAppKey.IsBlocked(appKey, now))
            || (!string.IsNullOrEmpty(sourceIp) && _bySourceIp.IsBlocked(sourceIp, now));
    }

    /// <summary>Counts one failed attempt against the AppKey and the source address (either may be null).</summary>
    public void RecordFailure(string? appKey, string? sourceIp)
    {
        if (!_options.Enabled)
        {
            return;
        }

        var now = _time.GetUtcNow();
        if (!string.IsNullOrEmpty(appKey))
        {
            _byAppKey.Record(appKey, now);
        }

        if (!string.IsNullOrEmpty(sourceIp))
        {
            _bySourceIp.Record(sourceIp, now);
        }
    }

    /// <summary>Entries currently held, AppKeys plus addresses; for tests and metrics.</summary>
    internal int TrackedCount => _byAppKey.Count + _bySourceIp.Count;
}
