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
    private string[] _signedArray = null!;
    private readonly RouteResourceCache _routes = new();
    private readonly IReadOnlyList<AppAuthorization> _authorizations =
        [new AppAuthorization { AuthId = "a", AppId = "b", ApiId = "*", Stage = "*", Routes = [new RouteGrant("*", "/*")] }];

    [GlobalSetup]
    public void Setup()
    {
        _request = VerificationBenchmarks.BuildRequest(SchemeIds.SignatureCa, DateTimeOffset.UtcNow);
        _signed = CaCanonicalizer.ParseSignedHeaderNames(_request.Headers.GetFirst(CaHeaders.SignatureHeaders));
        _signedArray = [.. _signed];
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

    /// <summary>The signer's form: a list of names.</summary>
    [Benchmark]
    public IReadOnlyList<string> ParseSignedHeaders() => CaCanonicalizer.ParseSignedHeaderNames(_request.Headers.GetFirst(CaHeaders.SignatureHeaders));

    /// <summary>The verifier's form: names into a pooled list.</summary>
    [Benchmark]
    public int ParseSignedHeadersPooled()
    {
        var names = default(HeaderNameList);
        try
        {
            CaCanonicalizer.AddSignedHeaderNames(_request.Headers.GetFirst(CaHeaders.SignatureHeaders), ref names);
            names.SortDistinct();
            return names.Count;
        }
        finally
        {
            names.Dispose();
        }
    }

    /// <summary>The signer's form: the StringToSign as a string.</summary>
    [Benchmark]
    public string BuildStringToSign() => CaCanonicalizer.BuildStringToSign(
        _request.Method,
        _request.Path,
        _request.Query.Pairs,
        _signed,
        name => _request.Headers.GetFirst(name));

    /// <summary>The verifier's form: the StringToSign in a stack buffer, never a string.</summary>
    [Benchmark]
    public int WriteStringToSign()
    {
        var text = new CanonicalText(stackalloc char[512]);
        try
        {
            CaCanonicalizer.WriteStringToSign(ref text, _request.Method, _request.Path, _request.Query.Pairs, _signedArray, new RequestHeaders(_request.Headers));
            return text.Length;
        }
        finally
        {
            text.Dispose();
        }
    }

    /// <summary>The verifier's HMAC: per-thread keyed object, key array recognized, UTF-8 from the text span.</summary>
    [Benchmark]
    public int HmacSha256ReusedHashes()
    {
        Span<byte> mac = stackalloc byte[32];
        return ReusedHashes.Hmac(HashAlgorithmName.SHA256, _secret, _stringToSign, mac);
    }

    [Benchmark]
    public string? Hygiene() => RequestHygiene.Check(_request, AuthorizerOptions.Default);

    [Benchmark]
    public int Extract() => (int)Core.Credentials.CredentialExtractor.Extract(_request).Status;

    /// <summary>Uncached: every resource ARN built.</summary>
    [Benchmark]
    public object RouteEvaluation() => RouteResources.Evaluate(_request.Target, _authorizations, DateTimeOffset.UtcNow);

    /// <summary>What the engine runs: the resources of an unchanged authorization list come from the cache.</summary>
    [Benchmark]
    public string? RouteEvaluationCached() => _routes.Evaluate(_request.Target, _authorizations, DateTimeOffset.UtcNow).Evaluation.MatchingAuthorizationId;
}
