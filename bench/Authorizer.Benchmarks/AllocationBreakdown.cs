using System.Globalization;
using Authorizer.Core.Requests;
using Authorizer.Functions.Events.Parsing;
using Authorizer.Functions.Responses;

namespace Authorizer.Benchmarks;

/// <summary>
/// <c>alloc-breakdown</c>: bytes allocated per invocation by each stage of the handler (event bytes to request,
/// engine decision, response bytes, and the rest: the handler's own) next to the whole handler, for each
/// <see cref="HandlerBenchmarks"/> case, and the whole handler's bytes when the case's app cycles through
/// <see cref="HandlerBenchmarks.RouteCount"/> routes (<c>rotating</c>). Single-threaded, after a warm-up,
/// averaged over 200 calls.
/// </summary>
internal static class AllocationBreakdown
{
    private const int Calls = 200;

    public static async Task<int> RunAsync()
    {
        Console.WriteLine("case                 total  parse  engine  respond  handler  rotating");
        foreach (var name in new[]
        {
            "rest:appcode", "rest:app-basic", "rest:app-secret", "rest:signature-ca", "rest:signature-sdk", "rest:token",
            "token:appcode", "token:app-basic", "token:token",
            "http:appcode", "http:app-basic", "http:app-secret", "http:signature-ca", "http:signature-sdk", "http:token",
        })
        {
            var bench = new HandlerBenchmarks { Case = name };
            bench.Setup();
            try
            {
                Console.WriteLine(await MeasureAsync(name, bench));
            }
            finally
            {
                bench.Cleanup();
            }
        }

        return 0;
    }

    private static async Task<string> MeasureAsync(string name, HandlerBenchmarks bench)
    {
        for (var i = 0; i < 2000; i++)
        {
            await bench.Handle();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Calls; i++)
        {
            await bench.Handle();
        }

        var total = (GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
        for (var i = 0; i < HandlerBenchmarks.RouteCount; i++)
        {
            await bench.HandleRotatingRoutes();
        }

        before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Calls; i++)
        {
            await bench.HandleRotatingRoutes();
        }

        var rotating = (GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
        var payload = bench.Event;
        var parse = Measure(() => AuthorizerEventParser.Parse(payload));
        var request = AuthorizerEventParser.Parse(payload).Request;
        var authorizer = bench.Services.Authorizer;
        var engine = Measure(() => authorizer.AuthorizeAsync(request).AsTask().GetAwaiter().GetResult());
        var decision = await authorizer.AuthorizeAsync(request);
        var respond = request.Kind == EventKind.HttpApiV2
            ? Measure(() => ResponseWriter.SimpleResponse(decision))
            : Measure(() => ResponseWriter.IamPolicy(decision, request.Target));
        return string.Create(CultureInfo.InvariantCulture,
            $"{name,-20}{total,6}{parse,7}{engine,8}{respond,9}{total - parse - engine - respond,9}{rotating,10}");
    }

    private static long Measure(Func<object> action)
    {
        action();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Calls; i++)
        {
            action();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
    }

    private static long Measure(Action action) => Measure(() =>
    {
        action();
        return 0;
    });
}
