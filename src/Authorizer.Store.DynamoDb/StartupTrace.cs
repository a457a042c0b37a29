using System.Diagnostics;
using System.Globalization;

namespace Authorizer.Store.DynamoDb;

/// <summary>
/// Cold-start timestamps for bench/cold-start.sh, on only with <c>AUTHORIZER_TRACE_STARTUP=1</c>: the runtime host
/// marks its steps, the DynamoDB client factory marks client creation and each request, and the host writes them all
/// to standard error after the first response, one line <c>startup-trace NAME NANOSECONDS</c> each on the monotonic
/// clock (<see cref="Stopwatch.GetTimestamp"/>: CLOCK_MONOTONIC on Linux, the clock node's <c>hrtime</c> reads, so
/// the harness can subtract its spawn time). Marks are kept in memory until then so that tracing adds no console
/// work to what it measures. Off, every mark is one test of a static read-only field; after the flush, too.
/// It lives here, the lowest project both the runtime host and the DynamoDB client factory reference.
/// </summary>
public static class StartupTrace
{
    public const string Variable = "AUTHORIZER_TRACE_STARTUP";

    private const int Capacity = 64;
    private static readonly bool Requested = Environment.GetEnvironmentVariable(Variable) == "1";
    private static readonly (string Name, long Ticks)[] Marks = new (string, long)[Requested ? Capacity : 0];
    private static int _count;
    private static volatile bool _flushed;

    /// <summary>True while marks are being collected (requested, and not yet written).</summary>
    public static bool Enabled => Requested && !_flushed;

    public static void Mark(string name)
    {
        if (!Enabled)
        {
            return;
        }

        var ticks = Stopwatch.GetTimestamp();
        var index = Interlocked.Increment(ref _count) - 1;
        if (index < Capacity)
        {
            Marks[index] = (name, ticks);
        }
    }

    /// <summary>Writes the marks once (later calls do nothing) and stops collecting.</summary>
    public static void Flush(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!Enabled)
        {
            return;
        }

        _flushed = true;
        var count = Math.Min(Volatile.Read(ref _count), Capacity);
        var nanosecondsPerTick = 1e9 / Stopwatch.Frequency;
        for (var i = 0; i < count; i++)
        {
            var (name, ticks) = Marks[i];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"startup-trace {name} {(long)(ticks * nanosecondsPerTick)}"));
        }

        output.WriteLine("startup-trace end 0");
        output.Flush();
    }
}
