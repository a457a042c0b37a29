using System.Diagnostics;
using System.Globalization;

namespace Authorizer.Benchmarks;

/// <summary>
/// <c>cpu-per-call [calls]</c>: process CPU time (every thread, so a metrics writer's share counts) per warm
/// handler call with metrics off and on, side by side for each case, and calls per second of wall time with one
/// and with two threads calling the same composition. Not BenchmarkDotNet: BenchmarkDotNet times the calling
/// thread, and the cost this looks for may sit on other threads.
/// </summary>
internal static class CpuPerCall
{
    /// <summary>Off and on are measured in turn this many times per case; the medians are printed.</summary>
    private const int Pairs = 3;

    /// <summary>
    /// A case named <c>floor:&lt;rest or http case&gt;</c> runs <see cref="ParsingBenchmarks.Floor"/> of that case (a reader scan of
    /// the event plus the scheme's crypto: no allocation, nothing shared) instead of the handler. Its scaling is what
    /// this machine gives two threads of independent work, the ceiling the handler rows are read against: a 2-vCPU
    /// VM's second vCPU may share a core or a host's memory bandwidth with the first.
    /// </summary>
    private const string FloorPrefix = "floor:";

    private static readonly string[] AllCases =
        ["floor:rest:token", "rest:appcode", "rest:app-basic", "rest:app-secret", "rest:signature-ca", "rest:signature-sdk", "rest:token", "token:token", "http:appcode", "http:app-secret", "http:signature-ca", "http:token"];

    /// <param name="cases">The cases to run (default: all of them), e.g. <c>token:token</c> alone while working on it.</param>
    public static async Task<int> RunAsync(int calls, string[]? cases = null)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{calls} calls per measurement, {Pairs} off/on pairs per case (medians), load average {LoadAverage()}"));
        // The last column is a contention gauge that a loaded machine does not hide the way it hides scaling: CPU per
        // call with two threads calling at once over CPU per call with one (1.00 = nothing shared costs anything).
        Console.WriteLine("case                 cpu/call off  cpu/call on  on/off   calls/s 1 thread  2 threads  scaling (metrics on)  cpu/call 2t/1t (on)");
        foreach (var name in cases ?? AllCases)
        {
            var offs = new List<(double CpuUs, double OneThread, double TwoThreads, double CpuUsTwoThreads)>();
            var ons = new List<(double CpuUs, double OneThread, double TwoThreads, double CpuUsTwoThreads)>();
            for (var pair = 0; pair < Pairs; pair++)
            {
                offs.Add(await MeasureAsync(name, emitMetrics: false, calls));
                ons.Add(await MeasureAsync(name, emitMetrics: true, calls));
            }

            var off = Median(offs.Select(m => m.CpuUs));
            var on = Median(ons.Select(m => m.CpuUs));
            var one = Median(ons.Select(m => m.OneThread));
            var two = Median(ons.Select(m => m.TwoThreads));
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{name,-20} {off,9:F2} µs {on,9:F2} µs {on / off,7:F3}   {one,14:F0} {two,10:F0} {Median(ons.Select(m => m.TwoThreads / m.OneThread)),8:F2}  {Median(ons.Select(m => m.CpuUsTwoThreads / m.CpuUs)),18:F2}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average at the end: {LoadAverage()}"));
        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static async Task<(double CpuUs, double OneThread, double TwoThreads, double CpuUsTwoThreads)> MeasureAsync(string name, bool emitMetrics, int calls)
    {
        if (name.StartsWith(FloorPrefix, StringComparison.Ordinal))
        {
            var floor = new ParsingBenchmarks { Case = name[FloorPrefix.Length..] };
            floor.Setup();
            try
            {
                return await MeasureLoopAsync(count =>
                {
                    var sum = 0;
                    for (var i = 0; i < count; i++)
                    {
                        sum += floor.Floor();
                    }

                    return Task.FromResult(sum);
                }, calls);
            }
            finally
            {
                floor.Cleanup();
            }
        }

        var bench = new HandlerBenchmarks { Case = name, EmitMetrics = emitMetrics };
        bench.Setup();
        try
        {
            return await MeasureLoopAsync(count => LoopAsync(bench, count), calls);
        }
        finally
        {
            bench.Cleanup();
        }
    }

    /// <summary>CPU per call on one thread, then calls/s and CPU per call with two threads running <paramref name="loop"/> at once.</summary>
    private static async Task<(double CpuUs, double OneThread, double TwoThreads, double CpuUsTwoThreads)> MeasureLoopAsync(Func<int, Task<int>> loop, int calls)
    {
        // Long enough for tiered compilation to finish (it works on a timer), so JIT time is not billed to the first case.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(1))
        {
            await loop(1000);
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await loop(calls);
        var oneThread = calls / wall.Elapsed.TotalSeconds;
        process.Refresh();
        var cpuUs = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / calls;

        process.Refresh();
        cpuBefore = process.TotalProcessorTime;
        wall.Restart();
        await Task.WhenAll(Task.Run(() => loop(calls)), Task.Run(() => loop(calls)));
        var twoThreads = 2 * calls / wall.Elapsed.TotalSeconds;
        process.Refresh();
        var cpuUsTwo = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / (2 * calls);
        return (cpuUs, oneThread, twoThreads, cpuUsTwo);
    }

    private static async Task<int> LoopAsync(HandlerBenchmarks bench, int calls)
    {
        var bytes = 0;
        for (var i = 0; i < calls; i++)
        {
            bytes += await bench.Handle();
        }

        return bytes;
    }
}
