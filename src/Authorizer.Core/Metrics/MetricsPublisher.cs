using System.Buffers;
using System.Threading.Channels;

namespace Authorizer.Core.Metrics;

/// <summary>
/// Writes <see cref="AuthorizerMetrics"/> as EMF lines to a stream (stdout in Lambda) off the response path.
/// <see cref="RequestFlush"/> never blocks: requests are coalesced in a one-slot channel and a background loop
/// drains the counters. <see cref="FlushAsync"/> drains synchronously, for a host that can run work after the
/// response is sent and before it asks for the next invocation.
/// </summary>
public sealed class MetricsPublisher : IAsyncDisposable
{
    private readonly AuthorizerMetrics _metrics;
    private readonly Stream _output;
    private readonly TimeProvider _time;
    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private readonly SemaphoreSlim _drainLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Task _pump;

    public MetricsPublisher(AuthorizerMetrics metrics, Stream output, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(time);
        _metrics = metrics;
        _output = output;
        _time = time;
        _pump = Task.Run(PumpAsync);
    }

    public AuthorizerMetrics Metrics => _metrics;

    /// <summary>Failed writes to the output; metrics are best effort and never fail an invocation.</summary>
    public long WriteFailures { get; private set; }

    public void RequestFlush() => _requests.Writer.TryWrite(true);

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _drainLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _buffer.ResetWrittenCount();
            if (_metrics.Drain(_buffer, _time.GetUtcNow()) == 0)
            {
                return;
            }

            try
            {
                await _output.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                WriteFailures++;
            }
        }
        finally
        {
            _drainLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        await _pump.ConfigureAwait(false);
        await FlushAsync().ConfigureAwait(false);
        _drainLock.Dispose();
    }

    private async Task PumpAsync()
    {
        await foreach (var unused in _requests.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            await FlushAsync().ConfigureAwait(false);
        }
    }
}
