using System.Diagnostics;
using System.Globalization;

namespace Authorizer.Store.DynamoDb;

/// <summary>
/// Cold-start timestamps for bench/cold-start.sh, on only with <c>AUTHORIZER_TRACE_STARTUP=1</c>: the runtime host
/// marks its steps, the DynamoDB client factory marks client creation and each request, and the host writes them all
/// to standard error after the first response, one line <c>startup-trace NAME NANOSECONDS</c> each on the monotonic
/// clock (<see cref="Stopwatch.GetTimestamp"/>: CLOCK_MONOTONIC on Linux, the clock node's <c>hrtime</c> reads, so
/// the harness can subtract its spawn time), then <c>startup-trace end 0</c>. Marks are kept in memory until then so
/// that tracing adds no console work to what it measures. Off, every mark is one test of a read-only flag; after the
/// flush, too. It lives here, the lowest project both the runtime host and the DynamoDB client factory reference.
/// </summary>
public static class StartupTrace
{
    public const string Variable = "AUTHORIZER_TRACE_STARTUP";

    private static readonly StartupTraceRecorder Recorder = new(Environment.GetEnvironmentVariable(Variable) == "1");

    /// <summary>True while marks are being collected (requested, and not yet written).</summary>
    public static bool Enabled => Recorder.Enabled;

    public static void Mark(string name) => Recorder.Mark(name);

    /// <summary>Writes the marks once (later calls do nothing) and stops collecting.</summary>
    public static void Flush(TextWriter output) => Recorder.Flush(output);
}

/// <summary>The marks behind <see cref="StartupTrace"/>: a bounded array, safe for concurrent marks (concurrent pollers).</summary>
internal sealed class StartupTraceRecorder(bool requested)
{
    public const int Capacity = 64;

    private readonly (string Name, long Ticks)[] _marks = new (string, long)[requested ? Capacity : 0];
    private int _count;
    private int _flushed;

    public bool Enabled => requested && Volatile.Read(ref _flushed) == 0;

    public void Mark(string name)
    {
        if (!Enabled)
        {
            return;
        }

        var ticks = Stopwatch.GetTimestamp();
        var index = Interlocked.Increment(ref _count) - 1;
        if (index < Capacity)
        {
            _marks[index] = (name, ticks);
        }
    }

    public void Flush(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!requested || Interlocked.Exchange(ref _flushed, 1) != 0)
        {
            return;
        }

        var count = Math.Min(Volatile.Read(ref _count), Capacity);
        var nanosecondsPerTick = 1e9 / Stopwatch.Frequency;
        for (var i = 0; i < count; i++)
        {
            var (name, ticks) = _marks[i];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"startup-trace {name} {(long)(ticks * nanosecondsPerTick)}"));
        }

        output.WriteLine("startup-trace end 0");
        output.Flush();
    }
}
