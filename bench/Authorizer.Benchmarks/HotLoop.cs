using System.Diagnostics;
using System.Globalization;

namespace Authorizer.Benchmarks;

/// <summary>
/// <c>hot-loop case seconds [threads]</c>: the warm handler of <see cref="HandlerBenchmarks"/> in a loop for a fixed
/// time on one or more threads, for an outside profiler (<c>perf record</c> with <c>DOTNET_PerfMapEnabled=1</c>) to
/// sample; prints calls per second at the end.
/// </summary>
internal static class HotLoop
{
    public static async Task<int> RunAsync(string name, double seconds, int threads)
    {
        var bench = new HandlerBenchmarks { Case = name };
        bench.Setup();
        try
        {
            var calls = new long[threads];
            var wall = Stopwatch.StartNew();
            var until = TimeSpan.FromSeconds(seconds);
            await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(async () =>
            {
                while (wall.Elapsed < until)
                {
                    for (var i = 0; i < 1000; i++)
                    {
                        await bench.Handle();
                    }

                    calls[t] += 1000;
                }
            })));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}, {threads} thread(s): {calls.Sum() / wall.Elapsed.TotalSeconds:F0} calls/s"));
            return 0;
        }
        finally
        {
            bench.Cleanup();
        }
    }
}
