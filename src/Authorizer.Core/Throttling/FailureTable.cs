using System.Collections.Concurrent;

namespace Authorizer.Core.Throttling;

/// <summary>
/// One dimension of <see cref="FailureThrottle"/>: a bounded map from key to its failure window, plus the last
/// shared count seen for the key in the current shared window. Every request asks <see cref="IsBlocked"/> and
/// <see cref="IsNearLimit"/> (about four times per decision), so those read without the lock: a lock taken by
/// every request is a cache line that every concurrent invocation writes. Changes (failures, shared counts,
/// purges) are made under the lock as before; a reader sees each entry either before or after a change, since
/// the block's end is one 64-bit field and the shared count is replaced whole.
/// </summary>
internal sealed class FailureTable
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly FailureThrottleOptions _options;
    private DateTimeOffset _nextPurgeAt = DateTimeOffset.MinValue;

    public FailureTable(FailureThrottleOptions options) => _options = options;

    public int Count => _entries.Count;

    public bool IsBlocked(string key, DateTimeOffset now) =>
        _entries.TryGetValue(key, out var entry) && entry.IsBlockedAt(now);

    /// <summary>
    /// True when the key is not blocked here but the shared count last seen for <paramref name="window"/> is at
    /// least <paramref name="nearLimit"/>: other containers may have completed the lock since.
    /// </summary>
    public bool IsNearLimit(string key, DateTimeOffset now, long window, int nearLimit) =>
        _entries.TryGetValue(key, out var entry)
        && !entry.IsBlockedAt(now)
        && entry.Shared is { } shared
        && shared.Window == window
        && shared.Count >= nearLimit;

    /// <summary>Takes in the shared count of <paramref name="window"/>; blocks the key when it reaches the limit. True when blocked.</summary>
    public bool Observe(string key, DateTimeOffset now, long window, long count)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                if (_entries.Count >= _options.MaxTrackedKeys && !Purge(now))
                {
                    // Untracked here, but the shared count still decides this request.
                    return count >= _options.MaxFailures;
                }

                entry = new Entry { WindowStart = now };
                _entries[key] = entry;
            }

            if (entry.BlockedUntil > now)
            {
                return true;
            }

            var seen = entry.Shared;
            if (seen is null || window > seen.Window || (window == seen.Window && count > seen.Count))
            {
                seen = new SharedCount(window, count);
                entry.Shared = seen;
            }

            if (seen.Window == window && seen.Count >= _options.MaxFailures)
            {
                // A container that learns of the lock late holds it a full block from now: a little longer than
                // the container that completed it, never shorter.
                Block(entry, now);
                return true;
            }

            return false;
        }
    }

    public void Record(string key, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                if (_entries.Count >= _options.MaxTrackedKeys && !Purge(now))
                {
                    return;
                }

                entry = new Entry { WindowStart = now };
                _entries[key] = entry;
            }

            if (entry.BlockedUntil > now)
            {
                // Failures while blocked do not extend the block: a legitimate app that keeps retrying
                // must get through once the block ends.
                return;
            }

            if (now - entry.WindowStart >= _options.Window)
            {
                entry.WindowStart = now;
                entry.Failures = 0;
            }

            entry.Failures++;
            if (entry.Failures >= _options.MaxFailures)
            {
                Block(entry, now);
            }
        }
    }

    private void Block(Entry entry, DateTimeOffset now)
    {
        entry.BlockedUntil = now + _options.BlockDuration;
        entry.Failures = 0;
        entry.WindowStart = entry.BlockedUntil;
    }

    /// <summary>Drops entries that no longer carry state; true when room was made.</summary>
    private bool Purge(DateTimeOffset now)
    {
        // A full table of live entries stays full for a while; scanning it on every new key would turn a
        // flood of random keys into quadratic work.
        if (now < _nextPurgeAt)
        {
            return false;
        }

        List<string>? stale = null;
        foreach (var (key, entry) in _entries)
        {
            if (entry.BlockedUntil <= now && now - entry.WindowStart >= _options.Window)
            {
                (stale ??= []).Add(key);
            }
        }

        if (stale is null)
        {
            _nextPurgeAt = now + TimeSpan.FromSeconds(1);
            return false;
        }

        foreach (var key in stale)
        {
            _entries.TryRemove(key, out _);
        }

        return true;
    }

    /// <summary>The last shared count seen, for one shared window: replaced whole, so a reader never pairs one window with another's count.</summary>
    private sealed record SharedCount(long Window, long Count);

    /// <summary>Written under the table's lock; <see cref="BlockedUntil"/> and <see cref="Shared"/> are also read without it.</summary>
    private sealed class Entry
    {
        private long _blockedUntilUtcTicks = DateTimeOffset.MinValue.UtcTicks;
        private SharedCount? _shared;

        public DateTimeOffset WindowStart { get; set; }

        public int Failures { get; set; }

        public DateTimeOffset BlockedUntil
        {
            get => new(Volatile.Read(ref _blockedUntilUtcTicks), TimeSpan.Zero);
            set => Volatile.Write(ref _blockedUntilUtcTicks, value.UtcTicks);
        }

        public SharedCount? Shared
        {
            get => Volatile.Read(ref _shared);
            set => Volatile.Write(ref _shared, value);
        }

        public bool IsBlockedAt(DateTimeOffset now) => Volatile.Read(ref _blockedUntilUtcTicks) > now.UtcTicks;
    }
}
