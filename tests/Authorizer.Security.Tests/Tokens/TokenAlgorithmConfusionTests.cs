using System.Security.Cryptography;
using System.Text;
using Authorizer.Core.Decisions;
using Authorizer.Core.Tokens;
using Authorizer.Security.Tests.Infrastructure;

namespace Authorizer.Security.Tests.Tokens;

/// <summary>
/// Token algorithm confusion: only ES256 with a configured key verifies. A token signed with HMAC using the
/// public key as the secret, an <c>alg: none</c> token, or a token under an unknown <c>kid</c> is refused,
/// through the validator and through the engine.
/// </summary>
public sealed class TokenAlgorithmConfusionTests : IDisposable
{
    private readonly LocalEcdsaTokenSigner _signer = LocalEcdsaTokenSigner.CreateEphemeral();
    private readonly EngineWorld _world;
    private readonly Es256TokenValidator _validator;

    public TokenAlgorithmConfusionTests()
    {
        var time = new FakeTimeProvider(CorpusSecrets.Now);
        _validator = new Es256TokenValidator([_signer.VerificationKey], time);
        _world = new EngineWorld(tokens: _validator);
    }

    public void Dispose()
    {
        _validator.Dispose();
        _signer.Dispose();
    }

    private string Claims(long? exp = null) =>
        $"{{\"sub\":\"{EngineWorld.AppId}\",\"iat\":{CorpusSecrets.Now.ToUnixTimeSeconds()},\"exp\":{exp ?? CorpusSecrets.Now.AddHours(1).ToUnixTimeSeconds()},\"jti\":\"j-1\"}}";

    private static string B64(string json) => Base64UrlStrict.Encode(Encoding.UTF8.GetBytes(json));

    private AuthDecision Present(string token) =>
        _world.Authorize(EngineWorld.Request("GET", "/echo/a", headers: [new("Authorization", "Bearer " + token)]));

    [Fact]
    public async Task A_genuine_token_is_allowed()
    {
        var issued = await new TokenIssuer(_signer, _world.Time).IssueAsync(EngineWorld.AppId);
        Assert.Equal(DecisionOutcome.Allow, Present(issued.Token).Outcome);
    }

    [Theory]
    [InlineData("HS256")]
    [InlineData("HS384")]
    [InlineData("HS512")]
    public void Public_key_used_as_an_hmac_secret_is_refused(string alg)
    {
        var header = B64($"{{\"alg\":\"{alg}\",\"kid\":\"{_signer.Kid}\",\"typ\":\"JWT\"}}");
        var payload = B64(Claims());
        var p = _signer.VerificationKey.PublicKey;
        foreach (var keyBytes in new[]
        {
            ExportSpki(p),
            Encoding.UTF8.GetBytes(ExportPem(p)),
            Encoding.UTF8.GetBytes(_signer.Kid),
            [0x04, .. p.Q.X!, .. p.Q.Y!],
        })
        {
            var data = Encoding.ASCII.GetBytes(header + "." + payload);
            var mac = alg switch
            {
                "HS384" => HMACSHA384.HashData(keyBytes, data),
                "HS512" => HMACSHA512.HashData(keyBytes, data),
                _ => HMACSHA256.HashData(keyBytes, data),
            };
            var token = header + "." + payload + "." + Base64UrlStrict.Encode(mac);
            Assert.False(_validator.Validate(token).IsValid);
            Assert.Equal(DecisionOutcome.Deny, Present(token).Outcome);
        }
    }

    [Theory]
    [InlineData("none")]
    [InlineData("None")]
    [InlineData("NONE")]
    [InlineData("")]
    public void Alg_none_is_refused(string alg)
    {
        var header = B64($"{{\"alg\":\"{alg}\",\"kid\":\"{_signer.Kid}\"}}");
        foreach (var token in new[] { header + "." + B64(Claims()) + ".", header + "." + B64(Claims()) })
        {
            Assert.False(_validator.Validate(token).IsValid);
            Assert.Equal(DecisionOutcome.Deny, Present(token).Outcome);
        }
    }

    [Fact]
    public void A_token_without_alg_or_with_a_non_string_alg_is_refused()
    {
        foreach (var headerJson in new[] { $"{{\"kid\":\"{_signer.Kid}\"}}", $"{{\"alg\":null,\"kid\":\"{_signer.Kid}\"}}", $"{{\"alg\":[\"ES256\"],\"kid\":\"{_signer.Kid}\"}}" })
        {
            var token = B64(headerJson) + "." + B64(Claims()) + "." + Base64UrlStrict.Encode(new byte[64]);
            Assert.False(_validator.Validate(token).IsValid);
        }
    }

    [Fact]
    public async Task A_token_signed_by_another_key_under_the_configured_kid_is_refused()
    {
        using var other = LocalEcdsaTokenSigner.CreateEphemeral();
        var issued = await new TokenIssuer(other, _world.Time).IssueAsync(EngineWorld.AppId);
        var parts = issued.Token.Split('.');
        var header = B64($"{{\"alg\":\"ES256\",\"kid\":\"{_signer.Kid}\",\"typ\":\"JWT\"}}");
        var token = header + "." + parts[1] + "." + parts[2];
        Assert.False(_validator.Validate(token).IsValid);
        Assert.False(_validator.Validate(issued.Token).IsValid);
        Assert.Equal(DecisionOutcome.Deny, Present(token).Outcome);
    }

    [Fact]
    public void Embedded_keys_in_the_header_are_never_used()
    {
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var q = attacker.ExportParameters(false).Q;
        var header = B64($"{{\"alg\":\"ES256\",\"kid\":\"{_signer.Kid}\",\"jwk\":{{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"{Base64UrlStrict.Encode(q.X!)}\",\"y\":\"{Base64UrlStrict.Encode(q.Y!)}\"}}}}");
        var payload = B64(Claims());
        var signature = attacker.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256);
        Assert.False(_validator.Validate(header + "." + payload + "." + Base64UrlStrict.Encode(signature)).IsValid);
    }

    private static byte[] ExportSpki(ECParameters p)
    {
        using var key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = p.Q });
        return key.ExportSubjectPublicKeyInfo();
    }

    private static string ExportPem(ECParameters p)
    {
        using var key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = p.Q });
        return key.ExportSubjectPublicKeyInfoPem();
    }
}
