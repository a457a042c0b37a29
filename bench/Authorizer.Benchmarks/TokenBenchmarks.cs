using System.Security.Cryptography;
using System.Text;
using Authorizer.Core.Tokens;
using BenchmarkDotNet.Attributes;

namespace Authorizer.Benchmarks;

/// <summary>
/// One ES256 token: the floor (a raw <see cref="ECDsa.VerifyData(byte[], byte[], HashAlgorithmName, DSASignatureFormat)"/>
/// of its signing input on one reused key), the validator's first verification (signature, header and claims,
/// no cache), and a repeat through <see cref="CachingTokenValidator"/> (hash of the token, one lookup).
/// </summary>
[MemoryDiagnoser]
public class TokenBenchmarks
{
    private LocalEcdsaTokenSigner _signer = null!;
    private ECDsa _raw = null!;
    private Es256TokenValidator _validator = null!;
    private CachingTokenValidator _cached = null!;
    private string _token = null!;
    private byte[] _signingInput = null!;
    private byte[] _signature = null!;

    [GlobalSetup]
    public void Setup()
    {
        _signer = LocalEcdsaTokenSigner.CreateEphemeral();
        _token = new TokenIssuer(_signer, TimeProvider.System).IssueAsync("app-bench", 86_400).AsTask().GetAwaiter().GetResult().Token;
        var lastDot = _token.LastIndexOf('.');
        _signingInput = Encoding.ASCII.GetBytes(_token[..lastDot]);
        _signature = System.Buffers.Text.Base64Url.DecodeFromChars(_token.AsSpan(lastDot + 1));
        _raw = ECDsa.Create(_signer.VerificationKey.PublicKey);
        _validator = new Es256TokenValidator([_signer.VerificationKey], TimeProvider.System);
        _cached = new CachingTokenValidator(_validator, new VerifiedTokenCache(), TimeProvider.System);
        if (!RawVerify() || !FirstVerification() || !RepeatVerification())
        {
            throw new InvalidOperationException("The benchmarked token does not verify.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _validator.Dispose();
        _raw.Dispose();
        _signer.Dispose();
    }

    [Benchmark(Baseline = true)]
    public bool RawVerify() => _raw.VerifyData(_signingInput, _signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    [Benchmark]
    public bool FirstVerification() => _validator.Validate(_token).IsValid;

    [Benchmark]
    public bool RepeatVerification() => _cached.Validate(_token).IsValid;
}
