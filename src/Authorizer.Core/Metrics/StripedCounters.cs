namespace Authorizer.Core.Metrics;

/// <summary>
/// A fixed set of counters that concurrent invocations add to without writing a shared cache line: each counter
/// has one slot per stripe, a stripe per processor (a power of two, at most <see cref="MaxStripes"/>), and each
/// stripe's slots sit on their own 128-byte span (two cache lines, so the adjacent-line prefetcher does not pair
/// them either). A thread adds to the stripe of the processor it runs on; two threads can briefly share a stripe
/// (a thread moves, or there are more processors than stripes), so the add stays interlocked, but on a line that
/// is almost always already in the adding core's cache. Reading sums the stripes. One interlocked add on one
/// shared line per counter per call is what kept a second thread from doubling the token path's throughput.
/// </summary>
internal sealed class StripedCounters
{
    /// <summary>Enough for the largest Lambda Managed Instances sizes to spread out; more only costs memory.</summary>
    public const int MaxStripes = 64;

    // 16 longs = 128 bytes: a stripe's slots never share a line (or a prefetched line pair) with another stripe's.
    private const int LineLongs = 16;

    private readonly long[] _slots;
    private readonly int _stride;
    private readonly int _mask;

    public StripedCounters(int counters)
        : this(counters, Environment.ProcessorCount)
    {
    }

    /// <param name="processors">The processors to spread over; rounded up to a power of two, at most <see cref="MaxStripes"/>.</param>
    public StripedCounters(int counters, int processors)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(counters, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(processors, 1);
        Counters = counters;
        Stripes = (int)Math.Min(MaxStripes, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)processors));
        _mask = Stripes - 1;
        _stride = (counters + LineLongs - 1) / LineLongs * LineLongs;

        // One span of padding in front keeps the first stripe off the line that holds the array's header.
        _slots = new long[LineLongs + (Stripes * _stride)];
    }

    public int Counters { get; }

    public int Stripes { get; }

    /// <summary>Adds one to <paramref name="counter"/> and answers this stripe's new count (not the total).</summary>
    public long Increment(int counter) => Interlocked.Increment(ref _slots[SlotOf(counter)]);

    public void Add(int counter, long value) => Interlocked.Add(ref _slots[SlotOf(counter)], value);

    /// <summary>The sum over the stripes; concurrent adds may or may not be in it.</summary>
    public long Read(int counter)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(counter);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(counter, Counters);
        long total = 0;
        for (var stripe = 0; stripe < Stripes; stripe++)
        {
            total += Volatile.Read(ref _slots[LineLongs + (stripe * _stride) + counter]);
        }

        return total;
    }

    /// <summary>
    /// Takes the sum and leaves zero: each stripe is exchanged atomically, so an add lands either in this sum or
    /// in the next one, never in neither.
    /// </summary>
    public long Take(int counter)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(counter);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(counter, Counters);
        long total = 0;
        for (var stripe = 0; stripe < Stripes; stripe++)
        {
            total += Interlocked.Exchange(ref _slots[LineLongs + (stripe * _stride) + counter], 0);
        }

        return total;
    }

    private int SlotOf(int counter)
    {
        // The bounds check of the array access catches a bad counter only if it leaves the array; check it here.
        if ((uint)counter >= (uint)Counters)
        {
            throw new ArgumentOutOfRangeException(nameof(counter));
        }

        return LineLongs + ((Thread.GetCurrentProcessorId() & _mask) * _stride) + counter;
    }
}
