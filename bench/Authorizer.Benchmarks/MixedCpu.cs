using System.Diagnostics;
using System.Globalization;

namespace Authorizer.Benchmarks;

/// <summary>
/// <c>mixed-cpu [calls] [rounds]</c>: the <see cref="MixedTrafficBenchmarks"/> sequence on one thread, process CPU
/// time (all threads) and wall time per call over <c>calls</c> calls, <c>rounds</c> times, with the median. On a
/// shared, loaded machine CPU time is the steadier figure: time spent descheduled is not counted, where
/// BenchmarkDotNet's wall clock counts it.
/// </summary>
internal static class MixedCpu
{
    public static async Task<int> RunAsync(int calls, int rounds)
    {
        var bench = new MixedTrafficBenchmarks();
        bench.Setup();
        try
        {
            for (var i = 0; i < 150_000; i++)
            {
                await bench.Mixed();
            }

            var cpu = new List<double>();
            var wall = new List<double>();
            using var process = Process.GetCurrentProcess();
            for (var round = 0; round < rounds; round++)
            {
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var started = Stopwatch.GetTimestamp();
                for (var i = 0; i < calls; i++)
                {
                    await bench.Mixed();
                }

                var elapsed = Stopwatch.GetElapsedTime(started);
                process.Refresh();
                cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMicroseconds / calls);
                wall.Add(elapsed.TotalMicroseconds / calls);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mixed-cpu: {calls} calls x {rounds} rounds, {bench.DistinctEvents} distinct events"));
            Console.WriteLine("  cpu us/call:  " + string.Join(" ", cpu.Select(v => v.ToString("F2", CultureInfo.InvariantCulture))) + "  median " + Median(cpu).ToString("F2", CultureInfo.InvariantCulture));
            Console.WriteLine("  wall us/call: " + string.Join(" ", wall.Select(v => v.ToString("F2", CultureInfo.InvariantCulture))) + "  median " + Median(wall).ToString("F2", CultureInfo.InvariantCulture));
            return 0;
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
