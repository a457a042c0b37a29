using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Authorizer.Core.Throttling;

/// <summary>
/// Counts failed guesses per AppKey and per source IP and blocks either for a while once it crosses the limit.
/// The in-container tables are the fast path. With a <see cref="IFailureCounterStore"/>, every failure also adds
/// to a shared per-key, per-window counter, and a container whose last seen shared count is near the limit reads
/// it before verifying, so guesses spread over many containers still reach the lock. A request for a key with no
/// recent failures costs no store call. Thread-safe; memory is bounded by
/// <see cref="FailureThrottleOptions.MaxTrackedKeys"/> per dimension.
/// </summary>
public sealed class FailureThrottle
{
    private const string AppKeyDimension = "k";
    private const string SourceDimension = "ip";

    private readonly FailureThrottleOptions _options;
    private readonly TimeProvider _time;
    private readonly IFailureCounterStore? _shared;
    private readonly FailureTable _byAppKey;
    private readonly FailureTable _bySourceIp;
    private readonly long _windowMs;
    private readonly bool _alwaysReadShared;

    /// <param name="shared">The shared counters; null keeps the throttle within this container.</param>
    /// <param name="alwaysReadShared">
    /// Read the shared counts before every check, not only near the limit: for a path that reads the store on
    /// every call anyway and grants a long-lived credential (<c>POST /v1/tokens</c>), so that a lock completed
    /// elsewhere holds there at once.
    /// </param>
    public FailureThrottle(FailureThrottleOptions options, TimeProvider time, IFailureCounterStore? shared = null, bool alwaysReadShared = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _options = options;
        _time = time;
        _shared = shared;
        _byAppKey = new FailureTable(options);
        _bySourceIp = new FailureTable(options);
        _windowMs = Math.Max(1, (long)options.Window.TotalMilliseconds);
        _alwaysReadShared = alwaysReadShared;
    }

    public FailureThrottleOptions Options => _options;

    /// <summary>True when the AppKey or the source address is blocked in this container. Null or empty parts are ignored.</summary>
    public bool IsBlocked(string? appKey, string? sourceIp)
    {
        if (!_options.Enabled)
        {
            return false;
        }

        return IsBlockedAt(appKey, sourceIp, _time.GetUtcNow());
    }

    /// <summary>
    /// As <see cref="IsBlocked"/>, and when this container's last seen shared count for either part is near the
    /// limit, the shared counts too (one store read per part; none otherwise).
    /// </summary>
    public ValueTask<bool> IsBlockedAsync(string? appKey, string? sourceIp, CancellationToken cancellationToken = default) =>
        _options.Enabled ? IsBlockedAsync(appKey, sourceIp, _time.GetUtcNow(), cancellationToken) : new(false);

    /// <summary>
    /// As <see cref="IsBlockedAsync(string?, string?, CancellationToken)"/> at the caller's reading of the clock: one
    /// reading serves the local check, the shared one and the rest of the caller's decision.
    /// </summary>
    public ValueTask<bool> IsBlockedAsync(string? appKey, string? sourceIp, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            return new(false);
        }

        if (IsBlockedAt(appKey, sourceIp, now))
        {
            return new(true);
        }

        if (_shared is null)
        {
            return new(false);
        }

        var window = WindowOf(now);
        var near = _options.SharedReadThreshold;
        var appNear = !string.IsNullOrEmpty(appKey) && (_alwaysReadShared || _byAppKey.IsNearLimit(appKey, now, window, near));
        var sourceNear = !string.IsNullOrEmpty(sourceIp) && (_alwaysReadShared || _bySourceIp.IsNearLimit(sourceIp, now, window, near));
        return appNear || sourceNear
            ? ReadSharedAsync(appNear ? appKey : null, sourceNear ? sourceIp : null, now, window, cancellationToken)
            : new(false);
    }

    private bool IsBlockedAt(string? appKey, string? sourceIp, DateTimeOffset now) =>
        (!string.IsNullOrEmpty(appKey) && _byAppKey.IsBlocked(appKey, now))
        || (!string.IsNullOrEmpty(sourceIp) && _bySourceIp.IsBlocked(sourceIp, now));

    /// <summary>Counts one failed attempt against the AppKey and the source address (either may be null), in this container only.</summary>
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

    /// <summary>As <see cref="RecordFailure"/>, and adds the failure to the shared counters (one atomic write per part).</summary>
    public async ValueTask RecordFailureAsync(string? appKey, string? sourceIp, CancellationToken cancellationToken = default)
    {
        RecordFailure(appKey, sourceIp);
        if (_shared is null || !_options.Enabled)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var window = WindowOf(now);
        var expiresAt = ExpiryOf(window);
        var appWrite = string.IsNullOrEmpty(appKey) ? null : _shared.AddFailureAsync(CounterName(AppKeyDimension, appKey, window), expiresAt, cancellationToken);
        var sourceWrite = string.IsNullOrEmpty(sourceIp) ? null : _shared.AddFailureAsync(CounterName(SourceDimension, sourceIp, window), expiresAt, cancellationToken);
        if (appWrite is not null)
        {
            _byAppKey.Observe(appKey!, now, window, await appWrite.ConfigureAwait(false));
        }

        if (sourceWrite is not null)
        {
            _bySourceIp.Observe(sourceIp!, now, window, await sourceWrite.ConfigureAwait(false));
        }
    }

    /// <summary>Entries currently held, AppKeys plus addresses; for tests and metrics.</summary>
    internal int TrackedCount => _byAppKey.Count + _bySourceIp.Count;

    /// <summary>
    /// The shared counter's name: dimension, window and a hash of the key, so that attacker-chosen AppKeys and
    /// addresses give fixed-length names that cannot collide with another dimension's or another window's.
    /// </summary>
    internal static string CounterName(string dimension, string key, long window)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return string.Create(CultureInfo.InvariantCulture, $"{dimension}#{window}#{Convert.ToHexStringLower(hash[..16])}");
    }

    private async ValueTask<bool> ReadSharedAsync(string? appKey, string? sourceIp, DateTimeOffset now, long window, CancellationToken cancellationToken)
    {
        var appRead = appKey is null ? null : _shared!.GetFailureCountAsync(CounterName(AppKeyDimension, appKey, window), cancellationToken);
        var sourceRead = sourceIp is null ? null : _shared!.GetFailureCountAsync(CounterName(SourceDimension, sourceIp, window), cancellationToken);
        var blocked = false;
        if (appRead is not null)
        {
            blocked |= _byAppKey.Observe(appKey!, now, window, await appRead.ConfigureAwait(false));
        }

        if (sourceRead is not null)
        {
            blocked |= _bySourceIp.Observe(sourceIp!, now, window, await sourceRead.ConfigureAwait(false));
        }

        return blocked;
    }

    // Shared windows are aligned to the epoch so that every container names the same counter.
    private long WindowOf(DateTimeOffset now) => now.ToUnixTimeMilliseconds() / _windowMs;

    // Kept one window past its end, so a container whose clock runs a little behind still finds it.
    private DateTimeOffset ExpiryOf(long window) => DateTimeOffset.FromUnixTimeMilliseconds((window + 2) * _windowMs);
}
