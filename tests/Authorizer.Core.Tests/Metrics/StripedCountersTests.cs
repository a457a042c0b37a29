using Authorizer.Core.Metrics;

namespace Authorizer.Core.Tests.Metrics;

public sealed class StripedCountersTests
{
    [Fact]
    public void Concurrent_increments_from_many_threads_sum_exactly()
    {
        var counters = new StripedCounters(3);
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            for (var i = 0; i < 50_000; i++)
            {
                counters.Increment(i % 3);
            }
        });

        Assert.Equal(8 * 16_667, counters.Read(0));
        Assert.Equal(8 * 16_667, counters.Read(1));
        Assert.Equal(8 * 16_666, counters.Read(2));
    }

    [Fact]
    public async Task Takes_racing_increments_lose_and_double_count_nothing()
    {
        var counters = new StripedCounters(1);
        long taken = 0;
        using var done = new CancellationTokenSource();
        var taker = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                Interlocked.Add(ref taken, counters.Take(0));
            }
        });

        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            for (var i = 0; i < 100_000; i++)
            {
                counters.Increment(0);
            }
        });
        done.Cancel();
        await taker;

        Assert.Equal(400_000, taken + counters.Take(0));
        Assert.Equal(0, counters.Read(0));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 8)]
    [InlineData(64, 64)]
    [InlineData(192, StripedCounters.MaxStripes)]
    public void Stripes_are_the_processors_rounded_up_to_a_power_of_two_and_capped(int processors, int stripes)
    {
        Assert.Equal(stripes, new StripedCounters(2, processors).Stripes);
    }

    [Fact]
    public void A_counter_outside_the_set_is_refused_rather_than_landing_in_another()
    {
        var counters = new StripedCounters(2, 4);

        Assert.Throws<ArgumentOutOfRangeException>(() => counters.Increment(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => counters.Increment(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => counters.Read(2));
        Assert.Equal(0, counters.Read(0) + counters.Read(1));
    }
}
