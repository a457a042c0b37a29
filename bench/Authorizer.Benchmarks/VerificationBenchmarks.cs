using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Requests;
using BenchmarkDotNet.Attributes;

namespace Authorizer.Benchmarks;

/// <summary>Core verification: the engine's whole decision for an already-parsed request, with the app in memory.</summary>
[MemoryDiagnoser]
public class VerificationBenchmarks
{
    private VerificationWorld _world = null!;
    private AuthRequest _request = null!;

    [Params(SchemeIds.AppCode, SchemeIds.AppBasic, SchemeIds.AppSecret, SchemeIds.SignatureCa, SchemeIds.SignatureSdk)]
    public string Scheme { get; set; } = SchemeIds.AppCode;

    [GlobalSetup]
    public void Setup()
    {
        var now = DateTimeOffset.UtcNow;
        _world = new VerificationWorld(BenchCredentials.AppKey, BenchCredentials.AppSecret, BenchCredentials.AppCode, now);
        _request = BuildRequest(Scheme, now);
        var decision = _world.Engine.AuthorizeAsync(_request).AsTask().GetAwaiter().GetResult();
        if (decision.Outcome != DecisionOutcome.Allow || decision.Scheme != Scheme)
        {
            throw new InvalidOperationException($"The benchmarked {Scheme} request is not allowed: {decision.ErrorCode} {decision.ErrorMessage}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _world.Dispose();

    [Benchmark]
    public ValueTask<AuthDecision> Verify() => _world.Engine.AuthorizeAsync(_request);

    internal static AuthRequest BuildRequest(string scheme, DateTimeOffset now)
    {
        const string method = "GET";
        var wirePath = $"/{BenchCredentials.Stage}/orders/42";
        KeyValuePair<string, string>[] query = [new("page", "2"), new("sort", "desc")];
        KeyValuePair<string, string>[] baseHeaders =
        [
            new("Host", BenchCredentials.Host),
            new("Accept", "application/json"),
            new("User-Agent", "bench-client/1.0"),
            new("X-Forwarded-For", "203.0.113.7"),
        ];
        var headers = new HeaderMap();
        foreach (var (name, value) in baseHeaders)
        {
            headers.Add(name, value);
        }

        foreach (var (name, value) in BenchCredentials.Headers(scheme, method, wirePath, query, baseHeaders, now))
        {
            headers.Add(name, value);
        }

        var queryMap = new QueryMap();
        foreach (var (name, value) in query)
        {
            queryMap.Add(name, value);
        }

        if (!ApiTarget.TryParse($"arn:aws:execute-api:us-east-1:123456789012:{BenchCredentials.ApiId}/{BenchCredentials.Stage}/{method}/orders/42", out var target))
        {
            throw new InvalidOperationException("Bad benchmark ARN.");
        }

        return new AuthRequest
        {
            Kind = EventKind.RestRequest,
            Method = method,
            Path = wirePath,
            Headers = headers,
            Query = queryMap,
            Target = target,
        };
    }
}
