namespace Authorizer.Store.Tests;

/// <summary>The failure throttle's shared counters.</summary>
public abstract partial class AppStoreContractTests
{
    [Fact]
    public async Task A_failure_counter_counts_up_from_one_and_reads_back()
    {
        var expires = Time.GetUtcNow().AddMinutes(2);

        Assert.Equal(0, await Store.GetFailureCountAsync("k#1#aa"));
        Assert.Equal(1, await Store.AddFailureAsync("k#1#aa", expires));
        Assert.Equal(2, await Store.AddFailureAsync("k#1#aa", expires));
        Assert.Equal(1, await Store.AddFailureAsync("ip#1#aa", expires));

        Assert.Equal(2, await Store.GetFailureCountAsync("k#1#aa"));
        Assert.Equal(1, await Store.GetFailureCountAsync("ip#1#aa"));
    }

    [Fact]
    public async Task An_expired_failure_counter_reads_as_zero()
    {
        await Store.AddFailureAsync("k#2#bb", Time.GetUtcNow().AddMinutes(2));
        Time.Advance(TimeSpan.FromMinutes(3));

        Assert.Equal(0, await Store.GetFailureCountAsync("k#2#bb"));
    }

    [Fact]
    public async Task Concurrent_failure_adds_are_each_counted_once()
    {
        var expires = Time.GetUtcNow().AddMinutes(2);

        var counts = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => Store.AddFailureAsync("k#3#cc", expires))));

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), counts.Order());
        Assert.Equal(40, await Store.GetFailureCountAsync("k#3#cc"));
    }
}
