using Authorizer.Core.Caching;

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

    private static readonly Func<bool, long, bool> AlwaysReplace = static (_, _) => true;

    private readonly ExpiringMap<string, bool> _entries;

    public TokenRevocationCache(TimeSpan staleness, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(staleness, TimeSpan.Zero);
        _entries = new ExpiringMap<string, bool>(capacity, StringComparer.Ordinal);
        Staleness = staleness;
    }

    /// <summary>The longest a "not revoked" answer is served without asking the store again.</summary>
    public TimeSpan Staleness { get; }

    public int Capacity => _entries.Capacity;

    /// <summary>Entries held now (approximate while writers race).</summary>
    public int Count => _entries.Count;

    /// <summary>The remembered answer for <paramref name="jti"/>, if it is still within its bound at <paramref name="now"/>.</summary>
    public bool TryGet(string jti, DateTimeOffset now, out bool revoked)
    {
        ArgumentNullException.ThrowIfNull(jti);
        return _entries.TryGet(jti, now.UtcTicks, out revoked);
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

        // A slower read that began before the revocation must not replace the store's later "revoked".
        var nowTicks = now.UtcTicks;
        _entries.Put(
            jti,
            revoked,
            until.UtcTicks,
            nowTicks,
            revoked ? AlwaysReplace : (heldRevoked, heldUntil) => !(heldRevoked && nowTicks < heldUntil));
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
