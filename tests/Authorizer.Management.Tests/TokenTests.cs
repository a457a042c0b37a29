using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Authorizer.Core.Decisions;
using Authorizer.Core.Tokens;

namespace Authorizer.Management.Tests;

public sealed class TokenTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly LocalEcdsaTokenSigner _signer = LocalEcdsaTokenSigner.CreateEphemeral();
    private readonly Es256TokenValidator _validator;

    public TokenTests()
    {
        _validator = new Es256TokenValidator([_signer.VerificationKey], _time);
    }

    public void Dispose()
    {
        _validator.Dispose();
        _signer.Dispose();
    }

    [Fact]
    public async Task Issued_token_verifies_with_subject_jti_and_expiry()
    {
        var issued = await new TokenIssuer(_signer, _time).IssueAsync("app-1", 3600);

        var result = _validator.Validate(issued.Token);

        Assert.True(result.IsValid);
        Assert.Equal("app-1", result.AppId);
        Assert.Equal(issued.Jti, result.Jti);
        Assert.Equal(_time.GetUtcNow().AddHours(1), result.ExpiresAt);
    }

    [Fact]
    public async Task Header_names_es256_jwt_and_the_signer_kid()
    {
        var issued = await new TokenIssuer(_signer, _time).IssueAsync("app-1");
        var header = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(issued.Token.Split('.')[0]));

        Assert.Equal($"{{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"{_signer.Kid}\"}}", header);
        Assert.Equal(_time.GetUtcNow().AddSeconds(TokenIssuer.DefaultTtlSeconds), issued.ExpiresAt);
    }

    [Fact]
    public async Task Jti_is_random_per_token()
    {
        var issuer = new TokenIssuer(_signer, _time);
        var a = await issuer.IssueAsync("app-1");
        var b = await issuer.IssueAsync("app-1");

        Assert.NotEqual(a.Jti, b.Jti);
    }

    [Fact]
    public async Task Token_within_leeway_after_exp_is_valid_beyond_it_expired()
    {
        var issued = await new TokenIssuer(_signer, _time).IssueAsync("app-1", 600);

        _time.Advance(TimeSpan.FromSeconds(600 + 59));
        Assert.True(_validator.Validate(issued.Token).IsValid);

        _time.Advance(TimeSpan.FromSeconds(1));
        var result = _validator.Validate(issued.Token);
        Assert.False(result.IsValid);
        Assert.Equal(ErrorCodes.TokenExpired, result.ErrorCode);
    }

    [Fact]
    public async Task Token_issued_in_the_future_beyond_leeway_is_rejected()
    {
        var future = new FakeTimeProvider(_time.GetUtcNow().AddMinutes(5));
        var issued = await new TokenIssuer(_signer, future).IssueAsync("app-1");

        AssertInvalid(_validator.Validate(issued.Token));
    }

    [Fact]
    public void Alg_none_is_rejected()
    {
        var token = Compose("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + _signer.Kid + "\"}", Claims(), []);

        AssertInvalid(_validator.Validate(token));
    }

    [Fact]
    public void Hs256_signed_with_the_public_key_as_secret_is_rejected()
    {
        using var ecdsa = ECDsa.Create(_signer.VerificationKey.PublicKey);
        var publicPem = ecdsa.ExportSubjectPublicKeyInfoPem();
        var signingInput = B64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + _signer.Kid + "\"}") + "." + B64(Claims());
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(publicPem), Encoding.ASCII.GetBytes(signingInput));

        AssertInvalid(_validator.Validate(signingInput + "." + Base64Url.EncodeToString(mac)));
    }

    [Theory]
    [InlineData("RS256")]
    [InlineData("ES384")]
    [InlineData("es256")]
    [InlineData("PS256")]
    public void Other_algorithms_are_rejected_even_with_a_valid_es256_signature(string alg)
    {
        var token = SignRaw("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"" + _signer.Kid + "\"}", Claims());

        AssertInvalid(_validator.Validate(token));
    }

    [Fact]
    public void Hand_signed_es256_token_is_accepted_so_the_rejections_above_are_about_alg()
    {
        var token = SignRaw("{\"alg\":\"ES256\",\"kid\":\"" + _signer.Kid + "\"}", Claims());

        Assert.True(_validator.Validate(token).IsValid);
    }

    [Fact]
    public async Task Unknown_kid_is_rejected()
    {
        using var other = LocalEcdsaTokenSigner.CreateEphemeral();
        var issued = await new TokenIssuer(other, _time).IssueAsync("app-1");

        AssertInvalid(_validator.Validate(issued.Token));
    }

    [Fact]
    public async Task Token_signed_by_another_key_under_our_kid_is_rejected()
    {
        using var other = LocalEcdsaTokenSigner.CreateEphemeral();
        var issued = await new TokenIssuer(new KidOverride(other, _signer.Kid), _time).IssueAsync("app-1");

        AssertInvalid(_validator.Validate(issued.Token));
    }

    [Fact]
    public async Task Rotation_accepts_tokens_from_every_configured_key()
    {
        using var next = LocalEcdsaTokenSigner.CreateEphemeral();
        using var validator = new Es256TokenValidator([_signer.VerificationKey, next.VerificationKey], _time);
        var oldToken = await new TokenIssuer(_signer, _time).IssueAsync("app-old");
        var newToken = await new TokenIssuer(next, _time).IssueAsync("app-new");

        Assert.Equal("app-old", validator.Validate(oldToken.Token).AppId);
        Assert.Equal("app-new", validator.Validate(newToken.Token).AppId);
    }

    [Fact]
    public async Task Tampered_payload_is_rejected()
    {
        var issued = await new TokenIssuer(_signer, _time).IssueAsync("app-1");
        var parts = issued.Token.Split('.');
        var forged = parts[0] + "." + B64(Claims(sub: "admin-app")) + "." + parts[2];

        AssertInvalid(_validator.Validate(forged));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("..")]
    [InlineData("not a token")]
    public void Malformed_tokens_are_rejected(string token) => AssertInvalid(_validator.Validate(token));

    [Fact]
    public async Task Padding_or_standard_base64_characters_are_rejected()
    {
        var issued = await new TokenIssuer(_signer, _time).IssueAsync("app-1");
        var parts = issued.Token.Split('.');

        AssertInvalid(_validator.Validate(parts[0] + "=." + parts[1] + "." + parts[2]));
        AssertInvalid(_validator.Validate(parts[0] + "." + parts[1] + "." + parts[2].Replace('-', '+').Replace('_', '/') + "+"));
        AssertInvalid(_validator.Validate(parts[0] + " ." + parts[1] + "." + parts[2]));
    }

    [Fact]
    public void Oversized_token_is_rejected_and_not_echoed()
    {
        var token = new string('a', Es256TokenValidator.MaxTokenLength + 1);

        var result = _validator.Validate(token);

        AssertInvalid(result);
        Assert.DoesNotContain(token[..64], result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_claims_are_rejected()
    {
        var token = SignRaw(
            "{\"alg\":\"ES256\",\"kid\":\"" + _signer.Kid + "\"}",
            "{\"sub\":\"app-1\",\"sub\":\"admin\",\"iat\":" + Now() + ",\"exp\":" + (Now() + 60) + ",\"jti\":\"j\"}");

        AssertInvalid(_validator.Validate(token));
    }

    [Fact]
    public void Critical_header_extensions_are_rejected()
    {
        var token = SignRaw("{\"alg\":\"ES256\",\"kid\":\"" + _signer.Kid + "\",\"crit\":[\"x\"],\"x\":1}", Claims());

        AssertInvalid(_validator.Validate(token));
    }

    [Theory]
    [InlineData("{\"iat\":IAT,\"exp\":EXP,\"jti\":\"j\"}")]
    [InlineData("{\"sub\":\"a\",\"exp\":EXP,\"jti\":\"j\"}")]
    [InlineData("{\"sub\":\"a\",\"iat\":IAT,\"jti\":\"j\"}")]
    [InlineData("{\"sub\":\"a\",\"iat\":IAT,\"exp\":EXP}")]
    [InlineData("{\"sub\":1,\"iat\":IAT,\"exp\":EXP,\"jti\":\"j\"}")]
    [InlineData("{\"sub\":\"a\",\"iat\":IAT,\"exp\":\"EXP\",\"jti\":\"j\"}")]
    [InlineData("{\"sub\":\"a\",\"iat\":IAT,\"exp\":EXP.5,\"jti\":\"j\"}")]
    [InlineData("[1]")]
    public void Missing_or_mistyped_claims_are_rejected(string claims)
    {
        var payload = claims.Replace("IAT", Now().ToString(), StringComparison.Ordinal).Replace("EXP", (Now() + 600).ToString(), StringComparison.Ordinal);

        AssertInvalid(_validator.Validate(SignRaw("{\"alg\":\"ES256\",\"kid\":\"" + _signer.Kid + "\"}", payload)));
    }

    [Fact]
    public void Signature_of_wrong_length_is_rejected()
    {
        var signingInput = B64("{\"alg\":\"ES256\",\"kid\":\"" + _signer.Kid + "\"}") + "." + B64(Claims());
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var der = ecdsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        AssertInvalid(_validator.Validate(signingInput + "." + Base64Url.EncodeToString(der)));
    }

    [Fact]
    public async Task Key_file_is_created_private_and_reloads_with_the_same_kid()
    {
        var dir = Directory.CreateTempSubdirectory("tokens-");
        try
        {
            var path = Path.Combine(dir.FullName, "nested", "token-key.pem");
            using var first = LocalEcdsaTokenSigner.FromKeyFile(path);
            using var second = LocalEcdsaTokenSigner.FromKeyFile(path);

            Assert.Equal(first.Kid, second.Kid);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }

            using var validator = new Es256TokenValidator([second.VerificationKey], _time);
            var issued = await new TokenIssuer(first, _time).IssueAsync("app-1");
            Assert.True(validator.Validate(issued.Token).IsValid);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Verification_keys_load_from_pem_and_from_a_kid_to_pem_json_object()
    {
        using var ecdsa = ECDsa.Create(_signer.VerificationKey.PublicKey);
        var pem = ecdsa.ExportSubjectPublicKeyInfoPem();

        var fromPem = TokenVerificationKey.FromPem(pem);
        Assert.Equal(_signer.Kid, fromPem.Kid);

        var json = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { [_signer.Kid] = pem, ["other"] = pem });
        var keys = TokenVerificationKey.FromJson(json);
        Assert.Equal([_signer.Kid, "other"], keys.Select(k => k.Kid));

        using var validator = new Es256TokenValidator(keys, _time);
        Assert.True(validator.Validate((await new TokenIssuer(_signer, _time).IssueAsync("a")).Token).IsValid);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"k\":1}")]
    [InlineData("{\"k\":\"not a pem\"}")]
    [InlineData("not json")]
    public void Bad_key_configuration_fails_clearly(string json) =>
        Assert.Throws<ArgumentException>(() => TokenVerificationKey.FromJson(json));

    [Fact]
    public void Non_p256_keys_are_refused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Throws<ArgumentException>(() => TokenVerificationKey.FromPem(p384.ExportSubjectPublicKeyInfoPem()));
        Assert.Throws<ArgumentException>(() => LocalEcdsaTokenSigner.FromPem(p384.ExportPkcs8PrivateKeyPem()));
    }

    private static void AssertInvalid(TokenValidationResult result)
    {
        Assert.False(result.IsValid);
        Assert.Equal(ErrorCodes.InvalidToken, result.ErrorCode);
        Assert.Null(result.AppId);
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeSeconds();

    private string Claims(string sub = "app-1") =>
        "{\"sub\":\"" + sub + "\",\"iat\":" + Now() + ",\"exp\":" + (Now() + 600) + ",\"jti\":\"jti-1\"}";

    private static string B64(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    private static string Compose(string header, string payload, byte[] signature) =>
        B64(header) + "." + B64(payload) + "." + Base64Url.EncodeToString(signature);

    private string SignRaw(string header, string payload)
    {
        var signingInput = B64(header) + "." + B64(payload);
        var signature = _signer.SignAsync(Encoding.ASCII.GetBytes(signingInput)).AsTask().GetAwaiter().GetResult();
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    private sealed class KidOverride(ITokenSigner inner, string kid) : ITokenSigner
    {
        public string Kid => kid;

        public ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
            inner.SignAsync(data, cancellationToken);
    }
}
