namespace Authorizer.Core.Metrics;

/// <summary>
/// Decision latency in power-of-two microsecond buckets (≤ 1 µs, ≤ 2 µs, … ≤ 2^20 µs ≈ 1 s, then the rest); the
/// counts live in <see cref="AuthorizerMetrics"/>' striped counters, so concurrent invocations record without a
/// lock, an allocation or a shared cache line. Percentiles read from it are the upper bound of the bucket they
/// fall in: at most 2× the true value.
/// </summary>
internal static class LatencyHistogram
{
    public const int BucketCount = 22;

    /// <summary>The upper bound of bucket <paramref name="index"/> in microseconds; the last bucket has none.</summary>
    public static long UpperBoundMicroseconds(int index) => index >= BucketCount - 1 ? long.MaxValue : 1L << index;

    public static int BucketOf(long microseconds)
    {
        if (microseconds <= 1)
        {
            return 0;
        }

        // Smallest k with 2^k >= value.
        var bucket = 64 - long.LeadingZeroCount(microseconds - 1);
        return (int)Math.Min(bucket, BucketCount - 1);
    }

    /// <summary>The bucket upper bound at quantile <paramref name="q"/> of drained <paramref name="counts"/>.</summary>
    public static long Quantile(ReadOnlySpan<long> counts, long total, double q)
    {
        var rank = (long)Math.Ceiling(q * total);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank && counts[i] > 0)
            {
                return i == BucketCount - 1 ? UpperBoundMicroseconds(i - 1) * 2 : UpperBoundMicroseconds(i);
            }
        }

        return 0;
    }
}
