using Authorizer.Core.Decisions;
using Authorizer.Core.Metrics;

namespace Authorizer.Core.Tests.Metrics;

public sealed class MeteringDecoratorTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Metered_authorizer_records_the_decision_it_passes_through()
    {
        var metrics = new AuthorizerMetrics();
        var deny = AuthDecision.Deny("arn", ErrorCodes.AppDisabled, "m");
        var authorizer = new MeteredAuthorizer(new ScriptedAuthorizer(_ => ValueTask.FromResult(deny)), metrics, publisher: null);

        var decision = await authorizer.AuthorizeAsync(MetricsRequests.Create());

        Assert.Same(deny, decision);
        var line = Assert.Single(EmfLines.Drain(metrics, At));
        Assert.Equal(ErrorCodes.AppDisabled, line.GetProperty("Reason").GetString());
    }

    [Fact]
    public async Task Metered_authorizer_records_a_decision_that_completes_asynchronously()
    {
        var metrics = new AuthorizerMetrics();
        var authorizer = new MeteredAuthorizer(
            new ScriptedAuthorizer(async _ =>
            {
                await Task.Yield();
                return AuthDecision.Unauthorized();
            }),
            metrics,
            publisher: null);

        await authorizer.AuthorizeAsync(MetricsRequests.Create());

        var line = Assert.Single(EmfLines.Drain(metrics, At));
        Assert.Equal("Unauthorized", line.GetProperty("Outcome").GetString());
    }

    [Fact]
    public async Task Metered_authorizer_counts_an_internal_failure_and_still_throws_it()
    {
        var metrics = new AuthorizerMetrics();
        var authorizer = new MeteredAuthorizer(
            new ScriptedAuthorizer(async _ =>
            {
                await Task.Yield();
                throw new InvalidOperationException("store down");
            }),
            metrics,
            publisher: null);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await authorizer.AuthorizeAsync(MetricsRequests.Create()));

        var line = Assert.Single(EmfLines.Drain(metrics, At));
        Assert.Equal("Error", line.GetProperty("Outcome").GetString());
    }

    [Fact]
    public async Task Counting_directories_around_a_cache_report_hits_and_misses()
    {
        var metrics = new AuthorizerMetrics();
        var behindCache = CountingAppDirectory.Misses(new EmptyDirectory(), metrics);
        var inFront = CountingAppDirectory.Lookups(new EmptyDirectory(), metrics);

        // Three lookups of which one reached the directory behind the cache.
        await inFront.FindByAppCodeHashAsync("h");
        await inFront.FindByAppCodeHashAsync("h");
        await inFront.FindByAppCodeHashAsync("h");
        await behindCache.FindByAppCodeHashAsync("h");

        var line = Assert.Single(EmfLines.Drain(metrics, At));
        Assert.Equal("AppCode", line.GetProperty("Lookup").GetString());
        Assert.Equal(2, line.GetProperty("CacheHits").GetInt64());
        Assert.Equal(1, line.GetProperty("CacheMisses").GetInt64());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Metered_store_times_each_hot_path_read(bool asynchronous)
    {
        var time = new SteppingTimeProvider();
        var metrics = new AuthorizerMetrics();
        var store = new MeteredAppStore(new SlowStore(time) { CompleteAsynchronously = asynchronous }, metrics, time);

        Assert.Null(await store.GetAppByKeyAsync("k"));
        Assert.True(await store.TryRecordNonceAsync("k", "n", At));

        var lines = EmfLines.Drain(metrics, At);
        Assert.Equal(2, lines.Count);
        foreach (var line in lines)
        {
            Assert.Equal(7.0, line.GetProperty("StoreLatency")[0].GetDouble());
        }

        Assert.Equal(
            ["GetAppByKey", "RecordNonce"],
            lines.Select(l => l.GetProperty("Operation").GetString()).Order(StringComparer.Ordinal));
    }
}
