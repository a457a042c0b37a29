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
