using System.Collections.Concurrent;

namespace Authorizer.Core.Caching;

/// <summary>
/// A concurrent map whose entries each carry the instant they stop being served, bounded by <see cref="Capacity"/>:
/// when it is reached, entries past their instant are swept, and if none were the map starts over (a cache's full
/// map costs its owner re-reads, never a wrong answer). Entries are immutable and replaced whole, so concurrent
/// readers see either the old or the new one.
/// </summary>
internal sealed class ExpiringMap<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries;
    private readonly Lock _sweepGate = new();
    private int _count;

    public ExpiringMap(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _entries = new ConcurrentDictionary<TKey, Entry>(comparer);
    }

    public int Capacity { get; }

    /// <summary>Entries held now (approximate while writers race).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The value for <paramref name="key"/> while <paramref name="nowTicks"/> is before its instant; an expired entry is dropped.</summary>
    public bool TryGet(in TKey key, long nowTicks, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            if (nowTicks < entry.ValidUntilTicks)
            {
                value = entry.Value;
                return true;
            }

            if (_entries.TryRemove(new KeyValuePair<TKey, Entry>(key, entry)))
            {
                Interlocked.Decrement(ref _count);
            }
        }

        value = default!;
        return false;
    }

    /// <summary>
    /// Stores <paramref name="value"/> until <paramref name="validUntilTicks"/>. An entry already held for the key is
    /// replaced only when <paramref name="mayReplace"/> says so for its value and instant.
    /// </summary>
    public void Put(in TKey key, TValue value, long validUntilTicks, long nowTicks, Func<TValue, long, bool> mayReplace)
    {
        if (Volatile.Read(ref _count) >= Capacity)
        {
            MakeRoom(nowTicks);
        }

        var entry = new Entry(value, validUntilTicks);
        while (true)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                if (!mayReplace(existing.Value, existing.ValidUntilTicks) || _entries.TryUpdate(key, entry, existing))
                {
                    return;
                }
            }
            else if (_entries.TryAdd(key, entry))
            {
                Interlocked.Increment(ref _count);
                return;
            }
        }
    }

    private void MakeRoom(long nowTicks)
    {
        // One sweeper at a time; the others add anyway, which overshoots the bound by at most the writers in flight.
        if (!_sweepGate.TryEnter())
        {
            return;
        }

        try
        {
            var removed = 0;
            foreach (var pair in _entries)
            {
                if (pair.Value.ValidUntilTicks <= nowTicks && _entries.TryRemove(pair))
                {
                    removed++;
                }
            }

            Interlocked.Add(ref _count, -removed);
            if (Volatile.Read(ref _count) >= Capacity)
            {
                _entries.Clear();
                Volatile.Write(ref _count, 0);
            }
        }
        finally
        {
            _sweepGate.Exit();
        }
    }

    private sealed record Entry(TValue Value, long ValidUntilTicks);
}
