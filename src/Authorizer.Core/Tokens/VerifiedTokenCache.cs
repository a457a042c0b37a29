using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Authorizer.Core.Signing;

namespace Authorizer.Core.Tokens;

/// <summary>
/// Tokens whose signature and claims verified, per container, keyed by the SHA-256 of the whole token and kept
/// until the token's expiry (plus the validator's leeway). Only successes are kept, and a hit is exactly the
/// result the validator gave for the very same token text, so what a repeat skips is the signature check and the
/// claims parse; revocation, app status, the secret-reset rule and route authorization are the callers' and run
/// every time. Bounded: when <see cref="Capacity"/> is reached, expired entries are swept, and if none had expired
/// the cache starts over (a full cache is a flood of distinct valid tokens; re-verifying them is only slower).
/// </summary>
public sealed class VerifiedTokenCache
{
    public const int DefaultCapacity = 10_000;

    private readonly ConcurrentDictionary<TokenHash, Entry> _entries = new();
    private readonly Lock _sweepGate = new();
    private int _count;

    public VerifiedTokenCache(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

    /// <summary>Entries held now (approximate while writers race; never above <see cref="Capacity"/> for long).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The hash that keys <paramref name="token"/>.</summary>
    public static TokenHash HashOf(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        Span<byte> digest = stackalloc byte[32];
        ReusedHashes.Sha256(token.AsSpan(), digest);
        return MemoryMarshal.Read<TokenHash>(digest);
    }

    /// <summary>The remembered result for this token while it is still within its lifetime at <paramref name="now"/>.</summary>
    public bool TryGet(in TokenHash hash, DateTimeOffset now, out TokenValidationResult result)
    {
        if (_entries.TryGetValue(hash, out var entry))
        {
            if (now.UtcTicks < entry.ValidUntilTicks)
            {
                result = entry.Result;
                return true;
            }

            if (_entries.TryRemove(new KeyValuePair<TokenHash, Entry>(hash, entry)))
            {
                Interlocked.Decrement(ref _count);
            }
        }

        result = null!;
        return false;
    }

    /// <summary>Remembers a successful result until <paramref name="validUntil"/>.</summary>
    public void Add(in TokenHash hash, TokenValidationResult result, DateTimeOffset validUntil, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.IsValid || validUntil <= now)
        {
            return;
        }

        if (Volatile.Read(ref _count) >= Capacity)
        {
            MakeRoom(now);
        }

        if (_entries.TryAdd(hash, new Entry(result, validUntil.UtcTicks)))
        {
            Interlocked.Increment(ref _count);
        }
    }

    private void MakeRoom(DateTimeOffset now)
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

    /// <summary>A SHA-256 digest as four words, for cheap hashing and comparison.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public readonly record struct TokenHash(ulong A, ulong B, ulong C, ulong D);

    private sealed record Entry(TokenValidationResult Result, long ValidUntilTicks);
}
