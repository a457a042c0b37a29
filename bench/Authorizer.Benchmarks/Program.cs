using Authorizer.Benchmarks;
using BenchmarkDotNet.Running;

// Modes besides BenchmarkDotNet's own command line:
//   compare-sdk <signatures.json> <iterations>   our verification of the vectors' requests, ns/op per scheme as JSON
//   seed-cold-start <dir>                        a seeded store + event.json for bench/cold-start.sh; prints exports
return await Task.FromResult(args switch
{
    _ => Run(args),
});

static int Run(string[] args)
{
    var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args, new BenchConfig());
    return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
}
