using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Authorizer.Benchmarks;

/// <summary>
/// The .NET half of bench/compare-jwt-plugin.sh: each .NET side of <see cref="JwtWorld"/> timed over the fixture's tokens
/// with the same loop shape as bench/node/jwt-plugin-bench.js (a second of warm-up, then a fixed number of verifications,
/// rotating over the distinct tokens or repeating one). Prints
/// <c>{ "&lt;alg&gt;": { "&lt;side&gt;": { "distinctNsPerOp": n, "repeatNsPerOp": n } } }</c>.
/// BenchmarkDotNet's <see cref="JwtBenchmarks"/> is the measurement with statistics and allocations; this loop exists so
/// that the node peers and ours run in one script with the same iteration scheme.
/// </summary>
internal static class JwtPluginCompare
{
    public static async Task<int> RunAsync(int iterations)
    {
        using var world = JwtWorld.Load();
        var json = new StringBuilder("{");
        foreach (var (alg, (repeat, distinct)) in world.Tokens)
        {
            // Ours: the distinct row with its memory of verified tokens off (64 tokens would all be remembered after
            // the warm-up), the repeat row as the authorizer runs it; the other sides have no per-token memory.
            var sides = new (string Name, Func<string, ValueTask<bool>> Distinct, Func<string, ValueTask<bool>> Repeat)[]
            {
                ("floor", token => ValueTask.FromResult(world.Floor(alg, token)), token => ValueTask.FromResult(world.Floor(alg, token))),
                ("Microsoft.IdentityModel", token => new ValueTask<bool>(world.MicrosoftAsync(token)), token => new ValueTask<bool>(world.MicrosoftAsync(token))),
                ("ours", token => ValueTask.FromResult(world.OursFirst(token)), token => ValueTask.FromResult(world.Ours(token))),
            };
            json.Append(CultureInfo.InvariantCulture, $"\"{alg}\":{{");
            foreach (var (name, distinctVerify, repeatVerify) in sides)
            {
                var distinctNs = await TimeAsync(distinct, iterations, distinctVerify);
                var repeatNs = await TimeAsync([repeat], iterations, repeatVerify);
                json.Append(CultureInfo.InvariantCulture, $"\"{name}\":{{\"distinctNsPerOp\":{distinctNs:F1},\"repeatNsPerOp\":{repeatNs:F1}}},");
            }

            json.Length--;
            json.Append("},");
        }

        json.Length--;
        json.Append('}');
        Console.WriteLine(json.ToString());
        return 0;
    }

    private static async Task<double> TimeAsync(string[] tokens, int iterations, Func<string, ValueTask<bool>> verify)
    {
        // Warm up for a second of wall time: tiered compilation promotes hot methods only after a delay.
        var warmup = Stopwatch.StartNew();
        while (warmup.ElapsedMilliseconds < 1000)
        {
            foreach (var token in tokens)
            {
                await verify(token);
            }
        }

        var ok = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            ok += await verify(tokens[i % tokens.Length]) ? 1 : 0;
        }

        watch.Stop();
        if (ok != iterations)
        {
            throw new InvalidOperationException("A token failed verification during timing.");
        }

        return watch.Elapsed.TotalNanoseconds / iterations;
    }
}
