using Authorizer.Benchmarks;
using BenchmarkDotNet.Running;

// Besides BenchmarkDotNet's own command line:
//   compare-sdk <signatures.json> <iterations>   our verification of the vectors' requests, ns/op per scheme as JSON
//   alloc-breakdown                               bytes allocated per invocation by each handler stage
return args switch
{
    ["alloc-breakdown"] => await AllocationBreakdown.RunAsync(),
    ["compare-sdk", var vectors, var iterations] => await CompareSdk.RunAsync(vectors, int.Parse(iterations, System.Globalization.CultureInfo.InvariantCulture)),
    _ => Run(args),
};

static int Run(string[] args)
{
    var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args, new BenchConfig());
    return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
}
