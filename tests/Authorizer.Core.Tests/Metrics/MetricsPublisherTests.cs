using Authorizer.Core.Decisions;
using Authorizer.Core.Metrics;

namespace Authorizer.Core.Tests.Metrics;

public sealed class MetricsPublisherTests
{
    [Fact]
    public async Task Flush_writes_the_pending_metrics_as_EMF_lines()
    {
        var metrics = new AuthorizerMetrics();
        using var output = new MemoryStream();
        await using var publisher = new MetricsPublisher(metrics, output, new SteppingTimeProvider());
        metrics.RecordDecision(AuthDecision.Unauthorized());

        await publisher.FlushAsync();

        var line = Assert.Single(EmfLines.Parse(output.ToArray()));
        Assert.Equal("Unauthorized", line.GetProperty("Outcome").GetString());
    }

    [Fact]
    public async Task Flush_with_nothing_recorded_writes_nothing()
    {
        using var output = new MemoryStream();
        await using var publisher = new MetricsPublisher(new AuthorizerMetrics(), output, new SteppingTimeProvider());

        await publisher.FlushAsync();

        Assert.Equal(0, output.Length);
    }

    [Fact]
    public async Task The_invocation_that_reaches_the_flush_count_writes_every_decision_so_far()
    {
        var metrics = new AuthorizerMetrics();
        using var output = new MemoryStream();
        await using var publisher = new MetricsPublisher(metrics, output, new Authorizer.TestSupport.FakeTimeProvider(), flushEveryInvocations: 10);
        var authorizer = DenyingAuthorizer(metrics, publisher);

        for (var i = 0; i < 9; i++)
        {
            await authorizer.AuthorizeAsync(MetricsRequests.Create());
        }

        Assert.Equal(0, output.Length);
        await authorizer.AuthorizeAsync(MetricsRequests.Create());

        Assert.Equal(10, EmfLines.Parse(output.ToArray()).Sum(l => l.GetProperty("Decisions").GetInt64()));
    }

    [Fact]
    public async Task An_invocation_after_the_flush_interval_writes_the_pending_decisions()
    {
        var metrics = new AuthorizerMetrics();
        using var output = new MemoryStream();
        var time = new Authorizer.TestSupport.FakeTimeProvider();
        await using var publisher = new MetricsPublisher(metrics, output, time, flushEveryInvocations: 1000, flushInterval: TimeSpan.FromSeconds(10));
        var authorizer = DenyingAuthorizer(metrics, publisher);

        await authorizer.AuthorizeAsync(MetricsRequests.Create());
        time.Advance(TimeSpan.FromSeconds(9));
        await authorizer.AuthorizeAsync(MetricsRequests.Create());
        Assert.Equal(0, output.Length);

        time.Advance(TimeSpan.FromSeconds(1));
        await authorizer.AuthorizeAsync(MetricsRequests.Create());

        Assert.Equal(3, EmfLines.Parse(output.ToArray()).Sum(l => l.GetProperty("Decisions").GetInt64()));
    }

    [Fact]
    public async Task Concurrent_invocations_lose_no_decision_across_flushes()
    {
        var metrics = new AuthorizerMetrics();
        var output = new MemoryStream();
        var publisher = new MetricsPublisher(metrics, output, new Authorizer.TestSupport.FakeTimeProvider(), flushEveryInvocations: 97);
        var authorizer = DenyingAuthorizer(metrics, publisher);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                await authorizer.AuthorizeAsync(MetricsRequests.Create());
            }
        })));
        await publisher.DisposeAsync();

        var lines = EmfLines.Parse(output.ToArray());
        Assert.Equal(20_000, lines.Sum(l => l.GetProperty("Decisions").GetInt64()));
        Assert.True(lines.Count > 20_000 / 97 / 2, $"{lines.Count} lines: flushes should have happened along the way");
    }

    [Fact]
    public async Task With_the_default_count_no_more_than_the_documented_bound_of_decisions_waits_for_a_flush()
    {
        var metrics = new AuthorizerMetrics();
        using var output = new MemoryStream();
        await using var publisher = new MetricsPublisher(metrics, output, new Authorizer.TestSupport.FakeTimeProvider());
        var authorizer = DenyingAuthorizer(metrics, publisher);

        // Counted per processor in batches: the shared count lags by less than a batch per processor, never more.
        Assert.True(publisher.CountBatch > 1, "the default count is batched");
        var stripes = (long)Math.Min(StripedCounters.MaxStripes, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount));
        Assert.Equal(publisher.FlushEveryInvocations - 1 + (stripes * (publisher.CountBatch - 1)), publisher.MaxHeldInvocations);
        for (var i = 0; i < publisher.FlushEveryInvocations - publisher.CountBatch; i++)
        {
            await authorizer.AuthorizeAsync(MetricsRequests.Create());
        }

        // Fewer than the flush count less one batch can never have reached the shared count's threshold.
        Assert.Equal(0, output.Length);
        var remaining = publisher.MaxHeldInvocations + 1 - (publisher.FlushEveryInvocations - publisher.CountBatch);
        for (var i = 0; i < remaining; i++)
        {
            await authorizer.AuthorizeAsync(MetricsRequests.Create());
        }

        Assert.True(output.Length > 0, $"no flush after {publisher.MaxHeldInvocations + 1} invocations");
    }

    [Fact]
    public async Task Concurrent_invocations_with_the_batched_default_count_lose_no_decision()
    {
        var metrics = new AuthorizerMetrics();
        var output = new MemoryStream();
        var publisher = new MetricsPublisher(metrics, output, new Authorizer.TestSupport.FakeTimeProvider());
        var authorizer = DenyingAuthorizer(metrics, publisher);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                await authorizer.AuthorizeAsync(MetricsRequests.Create());
            }
        })));
        var beforeDisposal = EmfLines.Parse(output.ToArray()).Sum(l => l.GetProperty("Decisions").GetInt64());
        await publisher.DisposeAsync();

        Assert.Equal(40_000, EmfLines.Parse(output.ToArray()).Sum(l => l.GetProperty("Decisions").GetInt64()));
        Assert.True(40_000 - beforeDisposal <= publisher.MaxHeldInvocations, $"{40_000 - beforeDisposal} decisions were held until disposal");
    }

    [Fact]
    public async Task A_failing_output_is_counted_and_does_not_throw()
    {
        var metrics = new AuthorizerMetrics();
        await using var publisher = new MetricsPublisher(metrics, new BrokenStream(), new SteppingTimeProvider());
        metrics.RecordError();

        await publisher.FlushAsync();

        Assert.Equal(1, publisher.WriteFailures);
    }

    private static MeteredAuthorizer DenyingAuthorizer(AuthorizerMetrics metrics, MetricsPublisher publisher) => new(
        new ScriptedAuthorizer(_ => ValueTask.FromResult(AuthDecision.Deny("arn", ErrorCodes.NotAuthorized, "m"))),
        metrics,
        publisher);

    private sealed class BrokenStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => throw new IOException("broken pipe");

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("broken pipe");
    }
}
