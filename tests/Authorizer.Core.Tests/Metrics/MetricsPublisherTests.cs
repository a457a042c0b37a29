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
    public async Task Requested_flushes_are_written_by_the_background_loop_before_disposal_completes()
    {
        var metrics = new AuthorizerMetrics();
        var output = new MemoryStream();
        var publisher = new MetricsPublisher(metrics, output, new SteppingTimeProvider());
        var authorizer = new MeteredAuthorizer(
            new ScriptedAuthorizer(_ => ValueTask.FromResult(AuthDecision.Deny("arn", ErrorCodes.NotAuthorized, "m"))),
            metrics,
            publisher);

        for (var i = 0; i < 10; i++)
        {
            await authorizer.AuthorizeAsync(MetricsRequests.Create());
        }

        await publisher.DisposeAsync();

        var total = EmfLines.Parse(output.ToArray()).Sum(l => l.GetProperty("Decisions").GetInt64());
        Assert.Equal(10, total);
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
