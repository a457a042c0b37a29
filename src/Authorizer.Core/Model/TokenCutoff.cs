namespace Authorizer.Core.Model;

/// <summary>
/// From <see cref="EffectiveFrom"/> on, the app's tokens issued before <see cref="IssuedBefore"/> are refused: set
/// by a secret reset (effective when its grace period ends) and by revoking all of an app's tokens (at once).
/// Kept on the app record, so the authorizer checks it from its app cache without a store call.
/// </summary>
public sealed record TokenCutoff(DateTimeOffset IssuedBefore, DateTimeOffset EffectiveFrom);

/// <summary>The rules over an app's <see cref="AppRecord.TokenCutoffs"/>: one owner for the authorizer and the management API.</summary>
public static class TokenCutoffs
{
    /// <summary>True when a token issued at <paramref name="issuedAt"/> is cut off at <paramref name="now"/>.</summary>
    public static bool Refuses(IReadOnlyList<TokenCutoff> cutoffs, DateTimeOffset issuedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cutoffs);
        for (var i = 0; i < cutoffs.Count; i++)
        {
            if (cutoffs[i].EffectiveFrom <= now && issuedAt < cutoffs[i].IssuedBefore)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>All tokens issued until now end now.</summary>
    public static IReadOnlyList<TokenCutoff> RevokeAll(IReadOnlyList<TokenCutoff> cutoffs, DateTimeOffset now) =>
        Compact([.. cutoffs, new TokenCutoff(Second(now), now)], now);

    /// <summary>
    /// A secret reset at <paramref name="now"/> whose previous secret stays usable until <paramref name="graceEnds"/>:
    /// tokens issued until now end then. A cutoff still waiting for an earlier reset's grace takes effect now,
    /// because that reset's secret is dropped now.
    /// </summary>
    public static IReadOnlyList<TokenCutoff> Reset(IReadOnlyList<TokenCutoff> cutoffs, DateTimeOffset now, DateTimeOffset graceEnds)
    {
        ArgumentNullException.ThrowIfNull(cutoffs);
        var effectiveNow = cutoffs.Select(c => c.EffectiveFrom > now ? c with { EffectiveFrom = now } : c);
        return Compact([.. effectiveNow, new TokenCutoff(Second(now), graceEnds > now ? graceEnds : now)], now);
    }

    // Token iat is whole seconds: a cutoff rounded down never refuses a token issued after it.
    private static DateTimeOffset Second(DateTimeOffset at) => DateTimeOffset.FromUnixTimeSeconds(at.ToUnixTimeSeconds());

    /// <summary>
    /// Keeps the list short: the cutoffs in effect fold into the latest one, and a pending cutoff that the one in
    /// effect already covers is dropped. At most one in effect and one pending remain.
    /// </summary>
    private static List<TokenCutoff> Compact(List<TokenCutoff> cutoffs, DateTimeOffset now)
    {
        var inEffect = cutoffs.Where(c => c.EffectiveFrom <= now).MaxBy(c => c.IssuedBefore);
        var result = new List<TokenCutoff>(2);
        if (inEffect is not null)
        {
            result.Add(inEffect);
        }

        var pending = cutoffs.Where(c => c.EffectiveFrom > now && (inEffect is null || c.IssuedBefore > inEffect.IssuedBefore)).MaxBy(c => c.IssuedBefore);
        if (pending is not null)
        {
            result.Add(pending);
        }

        return result;
    }
}
