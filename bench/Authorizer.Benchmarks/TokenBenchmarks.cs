using System.Security.Cryptography;
using System.Text;
using Authorizer.Core.Tokens;
using BenchmarkDotNet.Attributes;

namespace Authorizer.Benchmarks;

/// <summary>
/// One ES256 token, issued with a real composition's key file: the floor (a raw
/// <see cref="ECDsa.VerifyData(byte[], byte[], HashAlgorithmName, DSASignatureFormat)"/> of its signing input on one
/// reused key), the validator's first verification (signature, header and claims, no cache), a repeat through
/// <see cref="CachingTokenValidator"/> (hash of the token, one lookup), and the same token repeated through the
/// warm handler (event bytes → response bytes) as a REST REQUEST, a REST TOKEN and an HTTP API event: app cache,
/// verified-token cache and revocation cache warm, so a repeat reads nothing from the store.
/// <c>compare-jwt</c> runs this class after timing npm <c>jose</c> and <c>aws-jwt-verify</c> on the same token.
/// </summary>
[MemoryDiagnoser]
public class TokenBenchmarks
{
    private HandlerBenchmarks _rest = null!;
    private HandlerBenchmarks _restToken = null!;
    private HandlerBenchmarks _http = null!;
    private ECDsa _raw = null!;
    private Es256TokenValidator _validator = null!;
    private CachingTokenValidator _cached = null!;
    private string _token = null!;
    private byte[] _signingInput = null!;
    private byte[] _signature = null!;

    /// <summary>
    /// The last setup's token and its public key as a JWK, for the node side of <c>compare-jwt</c> (the benchmarks
    /// run in process, so the run that measured this token leaves it here).
    /// </summary>
    internal static (string Token, string Jwk)? LastSample { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _rest = Handler("rest:token");
        _restToken = Handler("token:token");
        _http = Handler("http:token");
        _token = _rest.Token!;
        using (var signer = LocalEcdsaTokenSigner.FromKeyFile(_rest.Services.Settings.TokenKeyFile))
        {
            _raw = ECDsa.Create(signer.VerificationKey.PublicKey);
            _validator = new Es256TokenValidator([signer.VerificationKey], TimeProvider.System);
        }

        var lastDot = _token.LastIndexOf('.');
        _signingInput = Encoding.ASCII.GetBytes(_token[..lastDot]);
        _signature = System.Buffers.Text.Base64Url.DecodeFromChars(_token.AsSpan(lastDot + 1));
        _cached = new CachingTokenValidator(_validator, new VerifiedTokenCache(), TimeProvider.System);
        if (!RawVerify() || !FirstVerification() || !RepeatVerification())
        {
            throw new InvalidOperationException("The benchmarked token does not verify.");
        }

        LastSample = (_token, Jwk(_raw.ExportParameters(false), TokenKid()));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _validator.Dispose();
        _raw.Dispose();
        _rest.Cleanup();
        _restToken.Cleanup();
        _http.Cleanup();
    }

    [Benchmark(Baseline = true)]
    public bool RawVerify() => _raw.VerifyData(_signingInput, _signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    [Benchmark]
    public bool FirstVerification() => _validator.Validate(_token).IsValid;

    [Benchmark]
    public bool RepeatVerification() => _cached.Validate(_token).IsValid;

    [Benchmark]
    public Task<int> RepeatInWarmHandlerRestRequest() => _rest.Handle();

    [Benchmark]
    public Task<int> RepeatInWarmHandlerRestToken() => _restToken.Handle();

    [Benchmark]
    public Task<int> RepeatInWarmHandlerHttpApi() => _http.Handle();

    private static HandlerBenchmarks Handler(string @case)
    {
        var handler = new HandlerBenchmarks { Case = @case };
        handler.Setup();
        return handler;
    }

    private string TokenKid()
    {
        var header = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(_token.AsSpan(0, _token.IndexOf('.'))));
        using var json = System.Text.Json.JsonDocument.Parse(header);
        return json.RootElement.GetProperty("kid").GetString()!;
    }

    private static string Jwk(ECParameters key, string kid) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["alg"] = "ES256",
            ["use"] = "sig",
            ["kid"] = kid,
            ["x"] = System.Buffers.Text.Base64Url.EncodeToString(key.Q.X),
            ["y"] = System.Buffers.Text.Base64Url.EncodeToString(key.Q.Y),
        });
}
