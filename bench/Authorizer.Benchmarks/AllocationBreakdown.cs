using System.Globalization;
using System.Text.Json;
using Authorizer.Core.Requests;
using Authorizer.Functions.Events;
using Authorizer.Functions.Mapping;
using Authorizer.Functions.Responses;

namespace Authorizer.Benchmarks;

/// <summary>
/// <c>alloc-breakdown</c>: bytes allocated per invocation by each stage of the handler (event kind detection,
/// event parsing, mapping, engine, policy, serialization) next to the whole handler, for each
/// <see cref="HandlerBenchmarks"/> case. Single-threaded, after a warm-up, averaged over 200 calls.
/// </summary>
internal static class AllocationBreakdown
{
    private const int Calls = 200;

    public static async Task<int> RunAsync()
    {
        Console.WriteLine("case                 total  detect  parse    map  engine  policy  serialize");
        foreach (var name in new[]
        {
            "rest:appcode", "rest:app-basic", "rest:app-secret", "rest:signature-ca", "rest:signature-sdk",
            "token:appcode", "token:app-basic",
            "http:appcode", "http:app-basic", "http:app-secret", "http:signature-ca", "http:signature-sdk",
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
        var payload = bench.Event;
        var detect = Measure(() => EventReader.DetectAuthorizerEventKind(payload));
        Func<AuthRequest> parseAndMap = EventReader.DetectAuthorizerEventKind(payload) switch
        {
            EventKind.RestToken => () => AuthRequestMapper.FromRestToken(EventReader.Deserialize(payload, FunctionsJsonContext.Default.RestTokenAuthorizerEvent)),
            EventKind.HttpApiV2 => () => AuthRequestMapper.FromHttpApi(EventReader.Deserialize(payload, FunctionsJsonContext.Default.HttpApiAuthorizerEvent)),
            _ => () => AuthRequestMapper.FromRestRequest(EventReader.Deserialize(payload, FunctionsJsonContext.Default.RestRequestAuthorizerEvent)),
        };
        Func<object> parse = EventReader.DetectAuthorizerEventKind(payload) switch
        {
            EventKind.RestToken => () => EventReader.Deserialize(payload, FunctionsJsonContext.Default.RestTokenAuthorizerEvent),
            EventKind.HttpApiV2 => () => EventReader.Deserialize(payload, FunctionsJsonContext.Default.HttpApiAuthorizerEvent),
            _ => () => EventReader.Deserialize(payload, FunctionsJsonContext.Default.RestRequestAuthorizerEvent),
        };
        var parseBytes = Measure(() => parse());
        var mapBytes = Measure(() => parseAndMap()) - parseBytes;
        var request = parseAndMap();
        var authorizer = bench.Services.Authorizer;
        var engine = Measure(() => authorizer.AuthorizeAsync(request).AsTask().GetAwaiter().GetResult());
        var decision = await authorizer.AuthorizeAsync(request);
        var policy = Measure(() => AuthorizerResponses.ToIamPolicy(decision, request.Target));
        var response = AuthorizerResponses.ToIamPolicy(decision, request.Target);
        var serialize = Measure(() => JsonSerializer.SerializeToUtf8Bytes(response, FunctionsJsonContext.Default.IamPolicyResponse));
        return string.Create(CultureInfo.InvariantCulture,
            $"{name,-20}{total,6}{detect,8}{parseBytes,7}{mapBytes,7}{engine,8}{policy,8}{serialize,11}");
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
