using System.Buffers;

namespace Authorizer.Core.Metrics;

/// <summary>
/// Writes <see cref="AuthorizerMetrics"/> as EMF lines to a stream (stdout in Lambda) once per
/// <see cref="FlushEveryInvocations"/> invocations or <see cref="FlushInterval"/>, whichever comes first. The check
/// rides on the invocation (<see cref="OnInvocation"/>: one interlocked increment and a clock read) and the
/// invocation that finds a flush due writes it itself: no background thread, no hand-off, nothing per call beyond
/// the counters. Lambda gives no shutdown signal, so what a container holds when it is frozen and never thawed is
/// lost: at most <see cref="FlushEveryInvocations"/> − 1 decisions, all from the last <see cref="FlushInterval"/>
/// before its last invocation. A container that is thawed writes them with its next invocation.
/// </summary>
public sealed class MetricsPublisher : IAsyncDisposable
{
    public const int DefaultFlushEveryInvocations = 1000;
    public static readonly TimeSpan DefaultFlushInterval = TimeSpan.FromSeconds(10);

    private readonly AuthorizerMetrics _metrics;
    private readonly Stream _output;
    private readonly TimeProvider _time;
    private readonly long _intervalTicks;
    private readonly Lock _drainGate = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private long _sinceFlush;
    private long _lastFlush;
    private long _writeFailures;

    public MetricsPublisher(AuthorizerMetrics metrics, Stream output, TimeProvider time, int flushEveryInvocations = DefaultFlushEveryInvocations, TimeSpan? flushInterval = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(flushEveryInvocations, 1);
        var interval = flushInterval ?? DefaultFlushInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _metrics = metrics;
        _output = output;
        _time = time;
        FlushEveryInvocations = flushEveryInvocations;
        FlushInterval = interval;
        _intervalTicks = (long)(interval.TotalSeconds * time.TimestampFrequency);
        _lastFlush = time.GetTimestamp();
    }

    public AuthorizerMetrics Metrics => _metrics;

    public int FlushEveryInvocations { get; }

    public TimeSpan FlushInterval { get; }

    /// <summary>Failed writes to the output; metrics are best effort and never fail an invocation.</summary>
    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    /// <summary>Counts one invocation and writes the metrics when a flush is due by count or by time.</summary>
    public void OnInvocation()
    {
        var count = Interlocked.Increment(ref _sinceFlush);
        if (count < FlushEveryInvocations && _time.GetTimestamp() - Volatile.Read(ref _lastFlush) < _intervalTicks)
        {
            return;
        }

        // One invocation flushes; the others that find it due meanwhile carry on (their counts go into this flush or the next).
        if (_drainGate.TryEnter())
        {
            try
            {
                Interlocked.Exchange(ref _sinceFlush, 0);
                Volatile.Write(ref _lastFlush, _time.GetTimestamp());
                DrainAndWrite();
            }
            finally
            {
                _drainGate.Exit();
            }
        }
    }

    /// <summary>Writes whatever is pending now (disposal, or a host with work time after its response).</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_drainGate)
        {
            Interlocked.Exchange(ref _sinceFlush, 0);
            Volatile.Write(ref _lastFlush, _time.GetTimestamp());
            DrainAndWrite();
        }

        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await FlushAsync().ConfigureAwait(false);

    private void DrainAndWrite()
    {
        _buffer.ResetWrittenCount();
        if (_metrics.Drain(_buffer, _time.GetUtcNow()) == 0)
        {
            return;
        }

        try
        {
            _output.Write(_buffer.WrittenSpan);
            _output.Flush();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            Interlocked.Increment(ref _writeFailures);
        }
    }
}
