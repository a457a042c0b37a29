using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Authorizer.TestSupport;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using JwtProvider = Authorizer.Core.Jwt.JwtProvider;
using JwtVerifier = Authorizer.Core.Jwt.JwtVerifier;

namespace Authorizer.Benchmarks;

/// <summary>
/// The fixed keys and tokens every JWT comparison verifies (bench/node/jwt-tokens.json, minted by jose with
/// bench/node/jwt-mint.mjs), and each .NET side set up warm: the keys imported once, and every token verified once
/// before timing. Each side checks the signature with the algorithm the key names, <c>iss</c>, <c>aud</c>,
/// <c>exp</c> and <c>nbf</c>; the floor checks the signature alone.
/// </summary>
internal sealed class JwtWorld : IDisposable
{
    public const string FixtureRelativePath = "bench/node/jwt-tokens.json";

    private readonly RSA _rsa;
    private readonly ECDsa _ecdsa;
    private readonly JsonWebTokenHandler _microsoft = new();
    private readonly TokenValidationParameters _microsoftParameters;
    private readonly JwtProvider _provider;

    // Ours twice: without its memory of verified tokens (every call parses and checks the signature, as a first
    // verification does) and as the authorizer runs it (a repeat is answered from the key set's memory).
    private readonly JwtVerifier _oursFirst = new(rememberVerified: false);
    private readonly JwtVerifier _ours = new();

    private JwtWorld(string issuer, string audience, string jwksJson, Dictionary<string, (string Repeat, string[] Distinct)> tokens)
    {
        Issuer = issuer;
        Audience = audience;
        JwksJson = jwksJson;
        Tokens = tokens;
        using var jwks = JsonDocument.Parse(jwksJson);
        _rsa = RSA.Create();
        _ecdsa = ECDsa.Create();
        foreach (var key in jwks.RootElement.GetProperty("keys").EnumerateArray())
        {
            if (key.GetProperty("kty").GetString() == "RSA")
            {
                _rsa.ImportParameters(new RSAParameters { Modulus = B64(key, "n"), Exponent = B64(key, "e") });
            }
            else
            {
                _ecdsa.ImportParameters(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = B64(key, "x"), Y = B64(key, "y") } });
            }
        }

        // Microsoft's usual configuration for a static JWKS: the set's signing keys, the issuer and audience, the
        // algorithm allow-list, lifetime on. Its CryptoProviderFactory caches one signature provider per key and
        // algorithm, so after the first token the keys are as warm as the floor's imported RSA/ECDsa objects.
        _microsoftParameters = new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = audience,
            IssuerSigningKeys = new JsonWebKeySet(jwksJson).GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256],
            ValidateLifetime = true,
            ClockSkew = TimeSpan.Zero,
        };

        // Ours as a provider's configuration: the static JWKS, the issuer and audience, no clock tolerance.
        _provider = new JwtProvider
        {
            AppId = "bench-idp",
            Issuers = [issuer],
            Audiences = [audience],
            Algorithms = ["RS256", "ES256"],
            ClockToleranceSeconds = 0,
            Jwks = jwksJson,
        };
    }

    public string Issuer { get; }

    public string Audience { get; }

    public string JwksJson { get; }

    /// <summary>Per algorithm (<c>RS256</c>, <c>ES256</c>): one token to repeat, and 64 distinct ones to rotate over.</summary>
    public IReadOnlyDictionary<string, (string Repeat, string[] Distinct)> Tokens { get; }

    public static JwtWorld Load()
    {
        var path = Path.Combine(RepositoryFiles.Root, FixtureRelativePath);
        using var fixture = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = fixture.RootElement;
        var tokens = new Dictionary<string, (string, string[])>(StringComparer.Ordinal);
        foreach (var alg in root.GetProperty("tokens").EnumerateObject())
        {
            tokens[alg.Name] = (
                alg.Value.GetProperty("repeat").GetString()!,
                [.. alg.Value.GetProperty("distinct").EnumerateArray().Select(t => t.GetString()!)]);
        }

        var world = new JwtWorld(root.GetProperty("issuer").GetString()!, root.GetProperty("audience").GetString()!, root.GetProperty("jwks").GetRawText(), tokens);
        world.CheckEverySide();
        return world;
    }

    /// <summary>
    /// The floor: base64url-decode the signature and verify it over the signing input with the already imported key;
    /// no header or claims parsed.
    /// </summary>
    public bool Floor(string alg, string token)
    {
        var lastDot = token.LastIndexOf('.');
        Span<byte> signingInput = stackalloc byte[lastDot];
        Encoding.ASCII.GetBytes(token.AsSpan(0, lastDot), signingInput);
        Span<byte> signature = stackalloc byte[512];
        if (Base64Url.DecodeFromChars(token.AsSpan(lastDot + 1), signature, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        return alg == "RS256"
            ? _rsa.VerifyData(signingInput, signature[..written], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : _ecdsa.VerifyData(signingInput, signature[..written], HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>Microsoft.IdentityModel.JsonWebTokens as a caller uses it: <c>ValidateTokenAsync</c>, then <c>IsValid</c>.</summary>
    public async Task<bool> MicrosoftAsync(string token) =>
        (await _microsoft.ValidateTokenAsync(token, _microsoftParameters).ConfigureAwait(false)).IsValid;

    /// <summary>Our <see cref="JwtVerifier"/> with its memory of verified tokens off: the full first verification.</summary>
    public bool OursFirst(string token) => _oursFirst.Verify(token, _provider, DateTimeOffset.UtcNow).IsValid;

    /// <summary>Our verifier as the authorizer runs it: a token verified before is answered from memory (claims still checked).</summary>
    public bool Ours(string token) => _ours.Verify(token, _provider, DateTimeOffset.UtcNow).IsValid;

    public void Dispose()
    {
        _rsa.Dispose();
        _ecdsa.Dispose();
    }

    private static byte[] B64(JsonElement key, string name) => Base64Url.DecodeFromChars(key.GetProperty(name).GetString());

    /// <summary>The token with its signature's last four characters changed: well-formed, and refused by every side.</summary>
    public static string Tamper(string token) => token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

    /// <summary>Every side accepts every token and refuses a tampered one, so what is timed is a verification.</summary>
    private void CheckEverySide()
    {
        foreach (var (alg, (repeat, distinct)) in Tokens)
        {
            foreach (var token in distinct.Append(repeat))
            {
                if (!Floor(alg, token) || !MicrosoftAsync(token).GetAwaiter().GetResult() || !OursFirst(token) || !Ours(token) || !Ours(token))
                {
                    throw new InvalidOperationException($"A {alg} token of {FixtureRelativePath} does not verify.");
                }

                if (Floor(alg, Tamper(token)) || MicrosoftAsync(Tamper(token)).GetAwaiter().GetResult() || OursFirst(Tamper(token)) || Ours(Tamper(token)))
                {
                    throw new InvalidOperationException($"A tampered {alg} token verified.");
                }
            }
        }
    }
}
