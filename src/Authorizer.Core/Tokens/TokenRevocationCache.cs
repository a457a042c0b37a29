using System.Collections.Concurrent;

namespace Authorizer.Core.Tokens;

/// <summary>
/// The store's answer to "is this jti revoked?", per container. "Not revoked" is served for at most
/// <see cref="Staleness"/> after the store said so, so a revocation written by the management API takes effect in
/// every container within that bound; "revoked" is final (a revocation is never undone) and is kept until the
/// token's own expiry, after which the token is refused anyway. Entries are immutable and replaced whole, so
/// concurrent readers and writers see either the old or the new answer, never a mix. Bounded like
/// <see cref="VerifiedTokenCache"/>: when <see cref="Capacity"/> is reached, entries past their bound are swept,
/// and if none were the cache starts over (the cost is one store read per token, not a wrong answer).
/// </summary>
public sealed class TokenRevocationCache
{
    public const int DefaultCapacity = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _sweepGate = new();
    private int _count;

    public TokenRevocationCache(TimeSpan staleness, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(staleness, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Staleness = staleness;
        Capacity = capacity;
    }

    /// <summary>The longest a "not revoked" answer is served without asking the store again.</summary>
    public TimeSpan Staleness { get; }

    public int Capacity { get; }

    /// <summary>Entries held now (approximate while writers race).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The remembered answer for <paramref name="jti"/>, if it is still within its bound at <paramref name="now"/>.</summary>
    public bool TryGet(string jti, DateTimeOffset now, out bool revoked)
    {
        ArgumentNullException.ThrowIfNull(jti);
        if (_entries.TryGetValue(jti, out var entry))
        {
            if (now.UtcTicks < entry.ValidUntilTicks)
            {
                revoked = entry.Revoked;
                return true;
            }

            if (_entries.TryRemove(new KeyValuePair<string, Entry>(jti, entry)))
            {
                Interlocked.Decrement(ref _count);
            }
        }

        revoked = false;
        return false;
    }

    /// <summary>
    /// Remembers the store's answer read at <paramref name="now"/> for a token valid until <paramref name="tokenValidUntil"/>:
    /// "not revoked" until now + <see cref="Staleness"/> (never past the token's validity), "revoked" until the token's validity ends.
    /// </summary>
    public void Remember(string jti, bool revoked, DateTimeOffset now, DateTimeOffset tokenValidUntil)
    {
        ArgumentNullException.ThrowIfNull(jti);
        var until = revoked ? tokenValidUntil : Min(now + Staleness, tokenValidUntil);
        if (until <= now)
        {
            return;
        }

        if (Volatile.Read(ref _count) >= Capacity)
        {
            MakeRoom(now);
        }

        var entry = new Entry(revoked, until.UtcTicks);
        while (true)
        {
            if (_entries.TryGetValue(jti, out var existing))
            {
                // A slower read that began before the revocation must not replace the store's later "revoked".
                if (existing.Revoked && !revoked && now.UtcTicks < existing.ValidUntilTicks)
                {
                    return;
                }

                if (_entries.TryUpdate(jti, entry, existing))
                {
                    return;
                }
            }
            else if (_entries.TryAdd(jti, entry))
            {
                Interlocked.Increment(ref _count);
                return;
            }
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private void MakeRoom(DateTimeOffset now)
    {
        if (!_sweepGate.TryEnter())
        {
            return;
        }

        try
        {
            var removed = 0;
            foreach (var pair in _entries)
            {
                if (pair.Value.ValidUntilTicks <= now.UtcTicks && _entries.TryRemove(pair))
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

    private sealed record Entry(bool Revoked, long ValidUntilTicks);
}
