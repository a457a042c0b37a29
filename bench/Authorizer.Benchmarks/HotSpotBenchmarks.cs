using System.Security.Cryptography;
using System.Text;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Requests;
using Authorizer.Core.Signing;
using BenchmarkDotNet.Attributes;

namespace Authorizer.Benchmarks;

/// <summary>The pieces of a signature-ca decision, measured apart to find where the time goes.</summary>
[MemoryDiagnoser]
public class HotSpotBenchmarks
{
    private readonly byte[] _secret = Encoding.UTF8.GetBytes(BenchCredentials.AppSecret);
    private AuthRequest _request = null!;
    private string _stringToSign = null!;
    private IReadOnlyList<string> _signed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _request = VerificationBenchmarks.BuildRequest(SchemeIds.SignatureCa, DateTimeOffset.UtcNow);
        _signed = CaCanonicalizer.ParseSignedHeaderNames(_request.Headers.GetFirst(CaHeaders.SignatureHeaders));
        _stringToSign = BuildStringToSign();
    }

    [Benchmark]
    public byte[] HmacSha256OneShot() => HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(_stringToSign));

    private IncrementalHash _hmac = null!;
    private IncrementalHash _sha = null!;

    [Benchmark]
    public bool HmacSha256Reused()
    {
        _hmac ??= IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _secret);
        Span<byte> data = stackalloc byte[512];
        var n = Encoding.UTF8.GetBytes(_stringToSign, data);
        _hmac.AppendData(data[..n]);
        Span<byte> mac = stackalloc byte[32];
        return _hmac.GetHashAndReset(mac) == 32;
    }

    [Benchmark]
    public bool Sha256Reused()
    {
        _sha ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> data = stackalloc byte[512];
        var n = Encoding.UTF8.GetBytes(_stringToSign, data);
        _sha.AppendData(data[..n]);
        Span<byte> mac = stackalloc byte[32];
        return _sha.GetHashAndReset(mac) == 32;
    }

    [Benchmark]
    public byte[] Sha256OneShot() => SHA256.HashData(Encoding.UTF8.GetBytes(_stringToSign));

    [Benchmark]
    public IReadOnlyList<string> ParseSignedHeaders() => CaCanonicalizer.ParseSignedHeaderNames(_request.Headers.GetFirst(CaHeaders.SignatureHeaders));

    [Benchmark]
    public string BuildStringToSign() => CaCanonicalizer.BuildStringToSign(
        _request.Method,
        _request.Path,
        _request.Query.Pairs,
        _signed,
        name => _request.Headers.GetFirst(name));

    [Benchmark]
    public string? Hygiene() => RequestHygiene.Check(_request, AuthorizerOptions.Default);

    [Benchmark]
    public object Extract() => Core.Credentials.CredentialExtractor.Extract(_request);

    [Benchmark]
    public object RouteEvaluation() => RouteResources.Evaluate(
        _request.Target,
        [new AppAuthorization { AuthId = "a", AppId = "b", ApiId = "*", Stage = "*", Routes = [new RouteGrant("*", "/*")] }],
        DateTimeOffset.UtcNow);
}
