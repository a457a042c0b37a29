using System.Buffers;

namespace Authorizer.Core.Metrics;

/// <summary>
/// Writes <see cref="AuthorizerMetrics"/> as EMF lines to a stream (stdout in Lambda) once per
/// <see cref="FlushEveryInvocations"/> invocations or <see cref="FlushInterval"/>, whichever comes first. The check
/// rides on the invocation (<see cref="OnInvocation()"/>) and the invocation that finds a flush due writes it itself:
/// no background thread, no hand-off, nothing per call beyond the counters. Invocations are counted per processor
/// (<see cref="StripedCounters"/>) and added to the shared count in batches of <see cref="CountBatch"/>, so
/// concurrent invocations do not all write one cache line; a flush is due once the shared count reaches
/// <see cref="FlushEveryInvocations"/>, which can lag the true count by up to <see cref="CountBatch"/> − 1 per
/// processor. Lambda gives no shutdown signal, so what a container holds when it is frozen and never thawed is
/// lost: at most <see cref="MaxHeldInvocations"/> invocations' decisions (1,121 with the defaults on 2 processors),
/// all from the last <see cref="FlushInterval"/> before its last invocation. A container that is thawed writes them
/// with its next invocation.
/// </summary>
public sealed class MetricsPublisher : IAsyncDisposable
{
    public const int DefaultFlushEveryInvocations = 1000;

    // A batch of 1/16 of the flush count: a shared write every 62 invocations by default, and a lag well below the count.
    private const int CountBatchDivisor = 16;
    public static readonly TimeSpan DefaultFlushInterval = TimeSpan.FromSeconds(10);

    private readonly AuthorizerMetrics _metrics;
    private readonly Stream _output;
    private readonly TimeProvider _time;
    private readonly long _intervalTicks;
    private readonly Lock _drainGate = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly StripedCounters _uncounted = new(1);
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
        CountBatch = Math.Max(1, flushEveryInvocations / CountBatchDivisor);
        FlushInterval = interval;
        _intervalTicks = (long)(interval.TotalSeconds * time.TimestampFrequency);
        _lastFlush = time.GetTimestamp();
    }

    public AuthorizerMetrics Metrics => _metrics;

    /// <summary>The clock whose timestamps <see cref="OnInvocation(long)"/> takes.</summary>
    internal TimeProvider Time => _time;

    public int FlushEveryInvocations { get; }

    public TimeSpan FlushInterval { get; }

    /// <summary>How many invocations a processor counts on its own before adding them to the shared count.</summary>
    public int CountBatch { get; }

    /// <summary>The most invocations whose decisions can be held unwritten between flushes (the loss bound above).</summary>
    public long MaxHeldInvocations => FlushEveryInvocations - 1 + ((long)_uncounted.Stripes * (CountBatch - 1));

    /// <summary>Failed writes to the output; metrics are best effort and never fail an invocation.</summary>
    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    /// <summary>Counts one invocation and writes the metrics when a flush is due by count or by time.</summary>
    public void OnInvocation() => OnInvocation(_time.GetTimestamp());

    /// <summary>As <see cref="OnInvocation()"/>, with the caller's <see cref="TimeProvider.GetTimestamp"/> reading of now.</summary>
    internal void OnInvocation(long timestamp)
    {
        var count = Volatile.Read(ref _sinceFlush);
        if (_uncounted.Increment(0) % CountBatch == 0)
        {
            count = Interlocked.Add(ref _sinceFlush, CountBatch);
        }

        if (count < FlushEveryInvocations && timestamp - Volatile.Read(ref _lastFlush) < _intervalTicks)
        {
            return;
        }

        // One invocation flushes; the others that find it due meanwhile carry on (their counts go into this flush or the next).
        if (_drainGate.TryEnter())
        {
            try
            {
                ResetCount();
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
            ResetCount();
            Volatile.Write(ref _lastFlush, _time.GetTimestamp());
            DrainAndWrite();
        }

        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await FlushAsync().ConfigureAwait(false);

    /// <summary>The invocations counted so far are in the flush that follows; counting starts again from zero.</summary>
    private void ResetCount()
    {
        _uncounted.Take(0);
        Interlocked.Exchange(ref _sinceFlush, 0);
    }

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
