using System.Runtime.InteropServices;
using Authorizer.Core.Caching;
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

    private readonly ExpiringMap<TokenHash, TokenValidationResult> _entries;

    public VerifiedTokenCache(int capacity = DefaultCapacity)
    {
        _entries = new ExpiringMap<TokenHash, TokenValidationResult>(capacity);
    }

    public int Capacity => _entries.Capacity;

    /// <summary>Entries held now (approximate while writers race; never above <see cref="Capacity"/> for long).</summary>
    public int Count => _entries.Count;

    /// <summary>The hash that keys <paramref name="token"/>.</summary>
    public static TokenHash HashOf(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return HashOf(token.AsSpan());
    }

    /// <summary>The hash that keys the token <paramref name="token"/> spells.</summary>
    public static TokenHash HashOf(ReadOnlySpan<char> token)
    {
        Span<byte> digest = stackalloc byte[32];
        ReusedHashes.Sha256(token, digest);
        return MemoryMarshal.Read<TokenHash>(digest);
    }

    /// <summary>The remembered result for this token while it is still within its lifetime at <paramref name="now"/>.</summary>
    public bool TryGet(in TokenHash hash, DateTimeOffset now, out TokenValidationResult result) =>
        _entries.TryGet(hash, now.UtcTicks, out result);

    /// <summary>Remembers a successful result until <paramref name="validUntil"/>.</summary>
    public void Add(in TokenHash hash, TokenValidationResult result, DateTimeOffset validUntil, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.IsValid || validUntil <= now)
        {
            return;
        }

        // The same token text always verifies alike, so an entry already held stays.
        _entries.Put(hash, result, validUntil.UtcTicks, now.UtcTicks, static (_, _) => false);
    }

    /// <summary>A SHA-256 digest as four words, for cheap hashing and comparison.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public readonly record struct TokenHash(ulong A, ulong B, ulong C, ulong D);
}
