using System.Text.Json;
using Authorizer.Core.Jwt;
using Authorizer.Core.Tokens;
using BenchmarkDotNet.Attributes;

namespace Authorizer.Benchmarks;

/// <summary>
/// The stages of a first JWT verification beside the signature check, measured apart on the tokens of
/// <see cref="JwtBenchmarks"/> (RS256 and ES256 share everything but the signature): the three base64url decodes, the
/// header parse, the payload parse and the claim checks. Together they are what a first verification costs above the
/// floor (the signature alone), so this is where a ratio above the floor comes from.
/// </summary>
[MemoryDiagnoser]
public class JwtStageBenchmarks
{
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 16, AllowDuplicateProperties = false };

    private JwtWorld _world = null!;
    private string _token = null!;
    private byte[] _header = null!;
    private byte[] _payload = null!;
    private JwtClaims _claims = null!;
    private JwtProvider _provider = null!;
    private DateTimeOffset _now;

    [Params("RS256", "ES256")]
    public string Alg { get; set; } = "ES256";

    [GlobalSetup]
    public void Setup()
    {
        _world = JwtWorld.Load();
        _token = _world.Tokens[Alg].Distinct[0];
        var parts = _token.Split('.');
        _header = Base64Url(parts[0]);
        _payload = Base64Url(parts[1]);
        _provider = new JwtProvider { AppId = "bench-idp", Issuers = [_world.Issuer], Audiences = [_world.Audience], ClockToleranceSeconds = 0, Jwks = _world.JwksJson };
        _now = DateTimeOffset.UtcNow;
        if (JwtPayload.Read(_payload, JwtAlgorithm.Find(Alg)!, JsonOptions, out _claims) is not null || JwtClaimChecks.Check(_claims, _provider, _now) is not null)
        {
            throw new InvalidOperationException("The bench token must pass its claim checks.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _world.Dispose();

    [Benchmark(Baseline = true)]
    public bool Signature() => _world.Floor(Alg, _token);

    [Benchmark]
    public bool Decode()
    {
        var span = _token.AsSpan();
        var first = _token.IndexOf('.', StringComparison.Ordinal);
        var second = _token.IndexOf('.', first + 1);
        return Base64UrlStrict.TryDecode(span[..first], out _)
            & Base64UrlStrict.TryDecode(span[(first + 1)..second], out _)
            & Base64UrlStrict.TryDecode(span[(second + 1)..], out _);
    }

    [Benchmark]
    public object? Header() => JwtHeader.Read(_header, JsonOptions);

    [Benchmark]
    public object? Payload() => JwtPayload.Read(_payload, _claims.Algorithm, JsonOptions, out _);

    [Benchmark]
    public object? Claims() => JwtClaimChecks.Check(_claims, _provider, _now);

    [Benchmark]
    public bool Whole() => _world.OursFirst(_token);

    private static byte[] Base64Url(string part) => Base64UrlStrict.TryDecode(part, out var bytes) ? bytes : throw new InvalidOperationException("not base64url");
}
