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
    public static async Task<int> RunAsync(int calls)
    {
        Console.WriteLine("case                 cpu/call off  cpu/call on  on/off   calls/s 1 thread  2 threads  scaling");
        foreach (var name in new[] { "rest:appcode", "rest:app-basic", "rest:signature-ca", "rest:signature-sdk", "rest:token", "http:app-secret", "http:token" })
        {
            var off = await MeasureAsync(name, emitMetrics: false, calls);
            var on = await MeasureAsync(name, emitMetrics: true, calls);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{name,-20} {off.CpuUs,9:F2} µs {on.CpuUs,9:F2} µs {on.CpuUs / off.CpuUs,7:F3}   {on.OneThread,14:F0} {on.TwoThreads,10:F0} {on.TwoThreads / on.OneThread,8:F2}"));
        }

        return 0;
    }

    private static async Task<(double CpuUs, double OneThread, double TwoThreads)> MeasureAsync(string name, bool emitMetrics, int calls)
    {
        var bench = new HandlerBenchmarks { Case = name, EmitMetrics = emitMetrics };
        bench.Setup();
        try
        {
            await LoopAsync(bench, calls / 4);
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            await LoopAsync(bench, calls);
            var oneThread = calls / wall.Elapsed.TotalSeconds;
            process.Refresh();
            var cpuUs = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / calls;

            wall.Restart();
            await Task.WhenAll(Task.Run(() => LoopAsync(bench, calls)), Task.Run(() => LoopAsync(bench, calls)));
            var twoThreads = 2 * calls / wall.Elapsed.TotalSeconds;
            return (cpuUs, oneThread, twoThreads);
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static async Task LoopAsync(HandlerBenchmarks bench, int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            await bench.Handle();
        }
    }
}
