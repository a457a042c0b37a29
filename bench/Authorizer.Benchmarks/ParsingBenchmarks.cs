using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Authorizer.Core.Requests;
using Authorizer.Core.Signing;
using Authorizer.Functions.Events.Parsing;
using BenchmarkDotNet.Attributes;

namespace Authorizer.Benchmarks;

/// <summary>
/// The warm handler beside its floor, in one run: a full <see cref="Utf8JsonReader"/> scan of the same event
/// plus the scheme's own cryptography (what no implementation can skip), and the event parse alone. The crypto
/// of each scheme: appcode one SHA-256 of the code; app-basic the matcher's two SHA-256 and a fixed-time compare;
/// signature-ca one HMAC-SHA256 of its string-to-sign; signature-sdk a SHA-256 of the canonical request and an
/// HMAC-SHA256 of the string-to-sign; token (a repeat, served by the verified-token cache) one SHA-256 of the token.
/// </summary>
[MemoryDiagnoser]
public class ParsingBenchmarks
{
    private readonly HandlerBenchmarks _handler = new();
    private byte[] _event = null!;
    private byte[] _secret = null!;
    private string _first = null!;
    private string? _second;
    private string _stored = null!;
    private AuthRequest _request = null!;

    [Params(
        "rest:appcode", "rest:app-basic", "rest:signature-ca", "rest:signature-sdk", "rest:token",
        "http:appcode", "http:app-basic", "http:signature-ca", "http:signature-sdk", "http:token")]
    public string Case { get; set; } = "rest:appcode";

    [GlobalSetup]
    public void Setup()
    {
        _handler.Case = Case;
        _handler.Setup();
        _event = _handler.Event;
        _secret = Encoding.UTF8.GetBytes(BenchCredentials.AppSecret);
        _stored = BenchCredentials.AppSecret;
        var request = AuthorizerEventParser.Parse(_event).Request;
        _request = request;
        var scheme = Case.Split(':')[1];
        (_first, _second) = scheme switch
        {
            "appcode" => (BenchCredentials.AppCode, null),
            "app-basic" => (BenchCredentials.AppSecret, null),
            "token" => (Bearer(request), null),
            "signature-ca" => (CaStringToSign(request), null),
            "signature-sdk" => SdkTexts(request),
            _ => throw new InvalidOperationException(Case),
        };
    }

    [GlobalCleanup]
    public void Cleanup() => _handler.Cleanup();

    /// <summary>The warm handler, event bytes to response bytes.</summary>
    [Benchmark(Baseline = true)]
    public Task<int> Handle() => _handler.HandleAsync(_event);

    /// <summary>Event bytes to the engine's request, nothing else.</summary>
    [Benchmark]
    public int Parse() => AuthorizerEventParser.Parse(_event).Request.Headers.Count;

    /// <summary>Every token of the event read once, nothing else: the parse's own floor.</summary>
    [Benchmark]
    public int Scan()
    {
        var reader = new Utf8JsonReader(_event);
        var tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    /// <summary>The engine's decision on the parsed request (warm caches), for attributing the rest of the handler.</summary>
    [Benchmark]
    public ValueTask<Core.Decisions.AuthDecision> Engine() => _handler.Services.Authorizer.AuthorizeAsync(_request);

    /// <summary>The floor: every token of the event read once, then the scheme's cryptography.</summary>
    [Benchmark]
    public int Floor()
    {
        var reader = new Utf8JsonReader(_event);
        var tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens + Crypto();
    }

    private int Crypto()
    {
        Span<byte> left = stackalloc byte[32];
        Span<byte> right = stackalloc byte[32];
        switch (Case.AsSpan(Case.IndexOf(':') + 1))
        {
            case "appcode":
            case "token":
                ReusedHashes.Sha256(_first, left);
                return left[0];
            case "app-basic":
                ReusedHashes.Sha256(_first, left);
                ReusedHashes.Sha256(_stored, right);
                return CryptographicOperations.FixedTimeEquals(left, right) ? 1 : 0;
            case "signature-ca":
                ReusedHashes.Hmac(HashAlgorithmName.SHA256, _secret, _first, left);
                return left[0];
            default:
                ReusedHashes.Sha256(_first, left);
                ReusedHashes.Hmac(HashAlgorithmName.SHA256, _secret, _second!, right);
                return left[0] + right[0];
        }
    }

    private static string Bearer(AuthRequest request)
    {
        var value = request.Headers.GetFirst("Authorization") ?? throw new InvalidOperationException("no Authorization header");
        return value[(value.IndexOf(' ', StringComparison.Ordinal) + 1)..];
    }

    private static string CaStringToSign(AuthRequest request)
    {
        var signed = CaCanonicalizer.ParseSignedHeaderNames(request.Headers.GetFirst(CaHeaders.SignatureHeaders));
        return CaCanonicalizer.BuildStringToSign(request.Method, request.Path, request.Query.Pairs, signed, name => request.Headers.GetFirst(name));
    }

    private static (string, string?) SdkTexts(AuthRequest request)
    {
        if (!SdkCanonicalizer.TryParseAuthorization(request.Headers.GetFirst("Authorization") ?? string.Empty, out var authorization))
        {
            throw new InvalidOperationException("no SDK Authorization header");
        }

        var canonical = SdkCanonicalizer.BuildCanonicalRequest(request.Method, request.Path, request.Query.Pairs, authorization.SignedHeaders, name => request.Headers.GetFirst(name));
        var date = request.Headers.GetFirst(SdkCanonicalizer.DateHeader) ?? throw new InvalidOperationException("no X-Sdk-Date");
        return (canonical, SdkCanonicalizer.BuildStringToSign(date, canonical));
    }
}
