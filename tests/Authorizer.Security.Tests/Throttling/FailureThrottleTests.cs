using Authorizer.Core.Throttling;

namespace Authorizer.Security.Tests.Throttling;

public sealed class FailureThrottleTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private static (FailureThrottle Throttle, FakeTimeProvider Time) Create(FailureThrottleOptions? options = null)
    {
        var time = new FakeTimeProvider(Start);
        return (new FailureThrottle(options ?? new FailureThrottleOptions(), time), time);
    }

    [Fact]
    public void Defaults_are_twenty_failures_per_minute_and_a_sixty_second_block()
    {
        var options = new FailureThrottleOptions();
        Assert.True(options.Enabled);
        Assert.Equal(20, options.MaxFailures);
        Assert.Equal(TimeSpan.FromMinutes(1), options.Window);
        Assert.Equal(TimeSpan.FromSeconds(60), options.BlockDuration);
    }

    [Fact]
    public void Nineteen_failures_do_not_block_the_twentieth_does()
    {
        var (throttle, _) = Create();
        for (var i = 0; i < 19; i++)
        {
            throttle.RecordFailure("key-1", null);
        }

        Assert.False(throttle.IsBlocked("key-1", null));
        throttle.RecordFailure("key-1", null);
        Assert.True(throttle.IsBlocked("key-1", null));
    }

    [Fact]
    public void A_block_lasts_exactly_the_block_duration()
    {
        var (throttle, time) = Create();
        for (var i = 0; i < 20; i++)
        {
            throttle.RecordFailure("key-1", null);
        }

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.True(throttle.IsBlocked("key-1", null));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(throttle.IsBlocked("key-1", null));
    }

    [Fact]
    public void Failures_spread_beyond_the_window_do_not_accumulate()
    {
        var (throttle, time) = Create();
        for (var i = 0; i < 19; i++)
        {
            throttle.RecordFailure("key-1", null);
        }

        time.Advance(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 19; i++)
        {
            throttle.RecordFailure("key-1", null);
        }

        Assert.False(throttle.IsBlocked("key-1", null));
    }

    [Fact]
    public void Failures_while_blocked_do_not_extend_the_block()
    {
        var (throttle, time) = Create();
        for (var i = 0; i < 20; i++)
        {
            throttle.RecordFailure("key-1", null);
        }

        for (var i = 0; i < 30; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            throttle.RecordFailure("key-1", null);
        }

        time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(throttle.IsBlocked("key-1", null));
    }

    [Fact]
    public void After_a_block_the_count_starts_again_from_zero()
    {
        var (throttle, time) = Create();
        for (var i = 0; i < 20; i++)
        {
            throttle.RecordFailure("key-1", null);
        }

        time.Advance(TimeSpan.FromSeconds(60));
        throttle.RecordFailure("key-1", null);
        Assert.False(throttle.IsBlocked("key-1", null));
    }

    [Fact]
    public void Source_address_and_app_key_are_counted_separately()
    {
        var (throttle, _) = Create();
        for (var i = 0; i < 20; i++)
        {
            // One address stuffing a different key each time.
            throttle.RecordFailure($"guess-{i}", "198.51.100.7");
        }

        Assert.True(throttle.IsBlocked(null, "198.51.100.7"));
        Assert.True(throttle.IsBlocked("any-key", "198.51.100.7"));
        Assert.False(throttle.IsBlocked("guess-3", "203.0.113.1"));
        Assert.False(throttle.IsBlocked("guess-3", null));
    }

    [Fact]
    public void One_app_key_attacked_from_many_addresses_is_blocked_by_key()
    {
        var (throttle, _) = Create();
        for (var i = 0; i < 20; i++)
        {
            throttle.RecordFailure("victim", $"203.0.113.{i}");
        }

        Assert.True(throttle.IsBlocked("victim", "192.0.2.1"));
        Assert.False(throttle.IsBlocked("other", "192.0.2.1"));
    }

    [Fact]
    public void App_key_and_address_namespaces_do_not_collide()
    {
        var (throttle, _) = Create();
        for (var i = 0; i < 20; i++)
        {
            throttle.RecordFailure("10.0.0.1", null);
        }

        Assert.True(throttle.IsBlocked("10.0.0.1", null));
        Assert.False(throttle.IsBlocked(null, "10.0.0.1"));
    }

    [Fact]
    public void Null_and_empty_parts_are_ignored()
    {
        var (throttle, _) = Create(new FailureThrottleOptions { MaxFailures = 1 });
        throttle.RecordFailure(null, null);
        throttle.RecordFailure(string.Empty, string.Empty);
        Assert.Equal(0, throttle.TrackedCount);
        Assert.False(throttle.IsBlocked(null, null));
        Assert.False(throttle.IsBlocked(string.Empty, string.Empty));
    }

    [Fact]
    public void Disabled_throttle_never_blocks_and_tracks_nothing()
    {
        var (throttle, _) = Create(new FailureThrottleOptions { Enabled = false, MaxFailures = 1 });
        for (var i = 0; i < 100; i++)
        {
            throttle.RecordFailure("key-1", "198.51.100.7");
        }

        Assert.False(throttle.IsBlocked("key-1", "198.51.100.7"));
        Assert.Equal(0, throttle.TrackedCount);
    }

    [Fact]
    public void Custom_limits_apply()
    {
        var (throttle, time) = Create(new FailureThrottleOptions
        {
            MaxFailures = 3,
            Window = TimeSpan.FromSeconds(10),
            BlockDuration = TimeSpan.FromSeconds(5),
        });
        throttle.RecordFailure("k", null);
        throttle.RecordFailure("k", null);
        Assert.False(throttle.IsBlocked("k", null));
        throttle.RecordFailure("k", null);
        Assert.True(throttle.IsBlocked("k", null));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(throttle.IsBlocked("k", null));
    }

    [Theory]
    [InlineData(0, 60, 60, 10)]
    [InlineData(20, 0, 60, 10)]
    [InlineData(20, 60, 0, 10)]
    [InlineData(20, 60, 60, 0)]
    public void Unusable_settings_are_refused_at_construction(int maxFailures, int windowSeconds, int blockSeconds, int maxKeys)
    {
        var options = new FailureThrottleOptions
        {
            MaxFailures = maxFailures,
            Window = TimeSpan.FromSeconds(windowSeconds),
            BlockDuration = TimeSpan.FromSeconds(blockSeconds),
            MaxTrackedKeys = maxKeys,
        };
        Assert.Throws<ArgumentOutOfRangeException>(() => new FailureThrottle(options, TimeProvider.System));
    }

    [Fact]
    public void Memory_stays_bounded_under_a_flood_of_random_keys()
    {
        var (throttle, _) = Create(new FailureThrottleOptions { MaxTrackedKeys = 100 });
        for (var i = 0; i < 10_000; i++)
        {
            throttle.RecordFailure($"random-{i}", $"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}");
        }

        Assert.True(throttle.TrackedCount <= 200, $"tracked {throttle.TrackedCount}");
    }

    [Fact]
    public void A_full_table_never_evicts_a_blocked_entry()
    {
        var (throttle, time) = Create(new FailureThrottleOptions { MaxTrackedKeys = 10, MaxFailures = 2 });
        throttle.RecordFailure("victim", null);
        throttle.RecordFailure("victim", null);
        Assert.True(throttle.IsBlocked("victim", null));

        time.Advance(TimeSpan.FromSeconds(2));
        for (var i = 0; i < 1_000; i++)
        {
            throttle.RecordFailure($"flood-{i}", null);
        }

        Assert.True(throttle.IsBlocked("victim", null));
    }

    [Fact]
    public void Expired_entries_are_dropped_to_make_room()
    {
        var (throttle, time) = Create(new FailureThrottleOptions { MaxTrackedKeys = 10, MaxFailures = 2 });
        for (var i = 0; i < 10; i++)
        {
            throttle.RecordFailure($"old-{i}", null);
        }

        time.Advance(TimeSpan.FromMinutes(2));
        throttle.RecordFailure("new", null);
        throttle.RecordFailure("new", null);
        Assert.True(throttle.IsBlocked("new", null));
    }

    [Fact]
    public void Concurrent_failures_are_all_counted()
    {
        var (throttle, _) = Create(new FailureThrottleOptions { MaxFailures = 4_000 });
        Parallel.For(0, 3_999, _ => throttle.RecordFailure("shared", null));
        Assert.False(throttle.IsBlocked("shared", null));
        throttle.RecordFailure("shared", null);
        Assert.True(throttle.IsBlocked("shared", null));
    }

    [Fact]
    public async Task Checks_read_without_the_lock_never_see_a_key_unblock_while_failures_fill_the_table()
    {
        // Few tracked keys, so the writers fill the table and keep trying to make room while the readers check without the lock.
        var (throttle, _) = Create(new FailureThrottleOptions { MaxFailures = 50, MaxTrackedKeys = 64 });
        var blockedSeen = 0;
        var unblockedAfterBlock = 0;
        using var stop = new CancellationTokenSource();
        // Threads of their own: spinning readers on pool threads would starve the writers' start on 2 cores.
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Factory.StartNew(() =>
        {
            var sawBlock = false;
            while (!stop.IsCancellationRequested || !sawBlock)
            {
                var blocked = throttle.IsBlocked("target", "198.51.100.9");
                if (sawBlock && !blocked)
                {
                    Interlocked.Increment(ref unblockedAfterBlock);
                }

                if (blocked && !sawBlock)
                {
                    sawBlock = true;
                    Interlocked.Increment(ref blockedSeen);
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToList();

        var writers = Enumerable.Range(0, 3).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                throttle.RecordFailure($"noise-{w}-{i}", $"203.0.113.{i % 250}");
                if (i % 100 == 0)
                {
                    throttle.RecordFailure("target", null);
                }
            }
        })).ToList();
        await Task.WhenAll(writers);

        // The clock does not move, so once blocked the key stays blocked for every reader (each reads on until it has seen the block).
        Assert.True(throttle.IsBlocked("target", null));
        stop.Cancel();
        await Task.WhenAll(readers);

        Assert.Equal(3, blockedSeen);
        Assert.Equal(0, unblockedAfterBlock);
    }
}
