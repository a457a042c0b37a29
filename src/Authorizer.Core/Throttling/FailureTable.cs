namespace Authorizer.Core.Throttling;

/// <summary>
/// One dimension of <see cref="FailureThrottle"/>: a bounded map from key to its failure window, plus the last
/// shared count seen for the key in the current shared window.
/// </summary>
internal sealed class FailureTable
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly FailureThrottleOptions _options;
    private DateTimeOffset _nextPurgeAt = DateTimeOffset.MinValue;

    public FailureTable(FailureThrottleOptions options) => _options = options;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public bool IsBlocked(string key, DateTimeOffset now)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(key, out var entry) && entry.BlockedUntil > now;
        }
    }

    /// <summary>
    /// True when the key is not blocked here but the shared count last seen for <paramref name="window"/> is at
    /// least <paramref name="nearLimit"/>: other containers may have completed the lock since.
    /// </summary>
    public bool IsNearLimit(string key, DateTimeOffset now, long window, int nearLimit)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(key, out var entry)
                && entry.BlockedUntil <= now
                && entry.SharedWindow == window
                && entry.SharedCount >= nearLimit;
        }
    }

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

            if (window > entry.SharedWindow || (window == entry.SharedWindow && count > entry.SharedCount))
            {
                entry.SharedWindow = window;
                entry.SharedCount = count;
            }

            if (entry.SharedWindow == window && entry.SharedCount >= _options.MaxFailures)
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
            _entries.Remove(key);
        }

        return true;
    }

    private sealed class Entry
    {
        public DateTimeOffset WindowStart { get; set; }
        public int Failures { get; set; }
        public DateTimeOffset BlockedUntil { get; set; } = DateTimeOffset.MinValue;
        public long SharedWindow { get; set; } = -1;
        public long SharedCount { get; set; }
    }
}
