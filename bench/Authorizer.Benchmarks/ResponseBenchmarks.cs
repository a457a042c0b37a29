using Authorizer.Core.Decisions;
using Authorizer.Core.Requests;
using Authorizer.Functions.Responses;
using BenchmarkDotNet.Attributes;

namespace Authorizer.Benchmarks;

/// <summary>
/// The response writer alone, on the answers the warm handler writes most: a REST Allow policy (one granted
/// resource, the principal's context and usage plan key), an HTTP API simple Allow, and a REST Deny.
/// </summary>
[MemoryDiagnoser]
public class ResponseBenchmarks
{
    private const string Arn = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/orders/42";

    private readonly AuthDecision _allow = AuthDecision.Allow(
        new AuthPrincipal("app-0123456789abcdef", "Benchmark app", "203952345678", "signature-ca", "auth-0123456789", "usage-plan-key-1"),
        ["arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/*/*"]);

    private readonly AuthDecision _deny = AuthDecision.Deny(Arn, ErrorCodes.InvalidSignature, "Invalid Signature.", "signature-ca");

    private ApiTarget _target = null!;

    [GlobalSetup]
    public void Setup()
    {
        if (!ApiTarget.TryParse(Arn, out var target))
        {
            throw new InvalidOperationException("The benchmark's ARN does not parse.");
        }

        _target = target;
    }

    [Benchmark(Baseline = true)]
    public int IamPolicyAllow() => ResponseWriter.IamPolicy(_allow, _target).Length;

    [Benchmark]
    public int SimpleAllow() => ResponseWriter.SimpleResponse(_allow).Length;

    [Benchmark]
    public int IamPolicyDeny() => ResponseWriter.IamPolicy(_deny, _target).Length;
}
