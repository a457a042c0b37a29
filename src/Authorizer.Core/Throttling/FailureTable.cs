namespace Authorizer.Core.Throttling;

/// <summary>One dimension of <see cref="FailureThrottle"/>: a bounded map from key to its failure window.</summary>
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
                entry.BlockedUntil = now + _options.BlockDuration;
                entry.Failures = 0;
                entry.WindowStart = entry.BlockedUntil;
            }
        }
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
    }
}
