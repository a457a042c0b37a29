using BenchmarkDotNet.Attributes;

namespace Authorizer.Benchmarks;

/// <summary>
/// JWT verification of the same RS256 and ES256 tokens (<see cref="JwtWorld"/>) side by side: the floor (signature
/// decode and <c>VerifyData</c> on the imported key), Microsoft.IdentityModel.JsonWebTokens, and ours. Keys are warm
/// on every side. The <c>Distinct</c> rows rotate over 64 different tokens, so nothing that remembers a token can
/// help (ours runs there with its verified-token memory off); the <c>Repeat</c> rows send one token again and again, where a verified-token cache applies (Microsoft keeps
/// none: its caches are per key and algorithm, active in both rows alike). The <c>Refused</c> rows verify a token whose
/// signature was altered, the cost of a forged token (an authorizer in front of a public API sees them).
/// </summary>
[MemoryDiagnoser]
public class JwtBenchmarks
{
    private JwtWorld _world = null!;
    private string[] _distinct = null!;
    private string _repeat = null!;
    private string _tampered = null!;
    private int _next;

    [Params("RS256", "ES256")]
    public string Alg { get; set; } = "ES256";

    [GlobalSetup]
    public void Setup()
    {
        _world = JwtWorld.Load();
        (_repeat, _distinct) = _world.Tokens[Alg];
        _tampered = JwtWorld.Tamper(_repeat);
        if (_distinct.Length != 64)
        {
            throw new InvalidOperationException("The rotation below assumes 64 distinct tokens per algorithm.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _world.Dispose();

    [Benchmark(Baseline = true)]
    public bool FloorDistinct() => _world.Floor(Alg, NextDistinct());

    [Benchmark]
    public Task<bool> MicrosoftDistinct() => _world.MicrosoftAsync(NextDistinct());

    [Benchmark]
    public Task<bool> MicrosoftRepeat() => _world.MicrosoftAsync(_repeat);

    [Benchmark]
    public Task<bool> MicrosoftRefused() => _world.MicrosoftAsync(_tampered);

    [Benchmark]
    public bool OursDistinct() => _world.OursFirst(NextDistinct());

    [Benchmark]
    public bool OursRepeat() => _world.Ours(_repeat);

    [Benchmark]
    public bool OursRefused() => _world.Ours(_tampered);

    private string NextDistinct() => _distinct[_next++ & (64 - 1)];
}
