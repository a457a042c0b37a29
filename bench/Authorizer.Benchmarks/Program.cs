using Authorizer.Benchmarks;
using BenchmarkDotNet.Running;

// Besides BenchmarkDotNet's own command line:
//   compare-sdk <signatures.json> <iterations>   our verification of the vectors' requests, ns/op per scheme as JSON
//   alloc-breakdown                               bytes allocated per invocation by each handler stage
//   cpu-per-call [calls] [case,case,...]          process CPU per call, metrics off and on; 1- and 2-thread throughput (floor:<case> = the floor)
//   hot-loop <case> <seconds> [threads]           the warm handler in a loop, for an outside profiler; calls/s
//   mixed-cpu [calls] [rounds]                    the mixed-traffic sequence: process CPU and wall time per call
//   compare-jwt <jwt-bench.js> [node-iterations]   TokenBenchmarks, then npm jose / aws-jwt-verify on the same token
//   cold-start-world <folder>                     DynamoDB Local with a seeded app for bench/cold-start.sh; runs until stdin closes
//   jwt-plugin-compare <iterations>               floor, Microsoft.IdentityModel and ours over bench/node/jwt-tokens.json, ns/op as JSON
//   jwt-first-ratio [rounds]                      first verification: ours and Microsoft over the floor in interleaved batches, median ratios as JSON
//   load-signed <url> <scheme> <appKey> <appSecret> <clients> <seconds> [server-pid]   signature-ca / app-basic load through start-api: p50/p99/max, errors, CPU per request
return args switch
{
    ["alloc-breakdown"] => await AllocationBreakdown.RunAsync(),
    ["cpu-per-call"] => await CpuPerCall.RunAsync(20_000),
    ["cpu-per-call", var calls] => await CpuPerCall.RunAsync(int.Parse(calls, System.Globalization.CultureInfo.InvariantCulture)),
    ["cpu-per-call", var calls, var cases] => await CpuPerCall.RunAsync(int.Parse(calls, System.Globalization.CultureInfo.InvariantCulture), cases.Split(',')),
    ["hot-loop", var name, var seconds] => await HotLoop.RunAsync(name, double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture), 1),
    ["hot-loop", var name, var seconds, var threads] => await HotLoop.RunAsync(
        name, double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture), int.Parse(threads, System.Globalization.CultureInfo.InvariantCulture)),
    ["compare-sdk", var vectors, var iterations] => await CompareSdk.RunAsync(vectors, int.Parse(iterations, System.Globalization.CultureInfo.InvariantCulture)),
    ["mixed-cpu"] => await MixedCpu.RunAsync(50_000, 7),
    ["mixed-cpu", var calls, var rounds] => await MixedCpu.RunAsync(int.Parse(calls, System.Globalization.CultureInfo.InvariantCulture), int.Parse(rounds, System.Globalization.CultureInfo.InvariantCulture)),
    ["compare-jwt", var script] => await CompareJwt.RunAsync(5_000, script),
    ["compare-jwt", var script, var iterations] => await CompareJwt.RunAsync(int.Parse(iterations, System.Globalization.CultureInfo.InvariantCulture), script),
    ["cold-start-world", var folder] => await ColdStartWorld.RunAsync(folder),
    ["jwt-first-ratio"] => await JwtFirstRatio.RunAsync(200),
    ["jwt-first-ratio", var rounds] => await JwtFirstRatio.RunAsync(int.Parse(rounds, System.Globalization.CultureInfo.InvariantCulture)),
    ["jwt-plugin-compare", var iterations] => await JwtPluginCompare.RunAsync(int.Parse(iterations, System.Globalization.CultureInfo.InvariantCulture)),
    ["load-signed", var url, var scheme, var key, var secret, var clients, var seconds] => await SignedLoad.RunAsync(
        url, scheme, key, secret, int.Parse(clients, System.Globalization.CultureInfo.InvariantCulture), int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)),
    ["load-signed", var url, var scheme, var key, var secret, var clients, var seconds, var serverPid] => await SignedLoad.RunAsync(
        url, scheme, key, secret, int.Parse(clients, System.Globalization.CultureInfo.InvariantCulture), int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(serverPid, System.Globalization.CultureInfo.InvariantCulture)),
    _ => Run(args),
};

static int Run(string[] args)
{
    var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args, new BenchConfig());
    return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
}
