using Authorizer.Core.Decisions;
using Authorizer.Core.Jwt;
using static Authorizer.Core.Tests.Jwt.JwtFixtures;

namespace Authorizer.Core.Tests.Jwt;

public sealed class JwtVerifierTests
{
    private readonly JwtVerifier _verifier = new();

    public static TheoryData<string> Algorithms() => [.. JwtAlgorithm.AllNames];

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void A_token_of_every_supported_algorithm_verifies(string name)
    {
        using var signer = JwtSigner.Create(JwtAlgorithm.Find(name)!, "k1");
        var result = _verifier.Verify(signer.Sign(Payload()), Provider(JwtSigner.Jwks(signer)), Now);
        Assert.True(result.IsValid, result.ErrorMessage);
        Assert.Equal("user-1", result.Claims!.Subject);
        Assert.Equal(name, result.Claims.Algorithm.Name);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void A_token_without_kid_verifies_against_a_key_without_kid_or_alg(string name)
    {
        using var signer = JwtSigner.Create(JwtAlgorithm.Find(name)!, kid: null);
        var jwks = "{\"keys\":[" + signer.PublicJwk(includeAlg: false) + "]}";
        var result = _verifier.Verify(signer.Sign(Payload()), Provider(jwks), Now);
        Assert.True(result.IsValid, result.ErrorMessage);
    }

    [Fact]
    public void A_token_without_kid_is_tried_against_each_fitting_key_of_the_set()
    {
        using var other = JwtSigner.Create(JwtAlgorithm.ES256, "a");
        using var signer = JwtSigner.Create(JwtAlgorithm.ES256, "b");
        using var noKid = JwtSigner.Create(JwtAlgorithm.ES256, kid: null);
        var token = noKid.SignRaw("{\"alg\":\"ES256\"}", Payload());
        using var kidSigner = JwtSigner.FromPem(noKid.ExportPrivateKeyPem(), JwtAlgorithm.ES256, "c");
        Assert.True(_verifier.Verify(token, Provider(JwtSigner.Jwks(other, signer, kidSigner)), Now).IsValid);
    }

    [Fact]
    public void The_none_algorithm_is_refused()
    {
        using var signer = JwtSigner.Create(JwtAlgorithm.RS256, "k1");
        var parts = signer.Sign(Payload()).Split('.');
        var header = Core.Tokens.Base64UrlStrict.Encode("{\"alg\":\"none\",\"kid\":\"k1\"}"u8);
        var result = _verifier.Verify($"{header}.{parts[1]}.{parts[2]}", Provider(JwtSigner.Jwks(signer)), Now);
        Assert.Equal(ErrorCodes.InvalidToken, result.ErrorCode);
    }

    [Fact]
    public void Hs256_signed_with_the_public_rsa_key_as_secret_is_refused()
    {
        using var signer = JwtSigner.Create(JwtAlgorithm.RS256, "k1");
        var jwks = JwtSigner.Jwks(signer);
        var input = Core.Tokens.Base64UrlStrict.Encode("{\"alg\":\"HS256\",\"kid\":\"k1\"}"u8) + "." + Core.Tokens.Base64UrlStrict.Encode(System.Text.Encoding.UTF8.GetBytes(Payload()));
        var mac = System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(signer.PublicJwk()), System.Text.Encoding.ASCII.GetBytes(input));
        var result = _verifier.Verify(input + "." + Core.Tokens.Base64UrlStrict.Encode(mac), Provider(jwks), Now);
        Assert.Equal(ErrorCodes.InvalidToken, result.ErrorCode);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void A_key_bound_to_rs256_does_not_verify_a_ps256_token_of_the_same_key()
    {
        using var rs = JwtSigner.Create(JwtAlgorithm.RS256, "k1");
        using var ps = JwtSigner.FromPem(rs.ExportPrivateKeyPem(), JwtAlgorithm.PS256, "k1");
        var result = _verifier.Verify(ps.Sign(Payload()), Provider(JwtSigner.Jwks(rs)), Now);
        Assert.Equal(ErrorCodes.InvalidToken, result.ErrorCode);
        Assert.Contains("does not fit its key", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ec_token_naming_an_rsa_key_is_refused()
    {
        using var rsa = JwtSigner.Create(JwtAlgorithm.RS256, "k1");
        using var ec = JwtSigner.Create(JwtAlgorithm.ES256, "k1");
        var result = _verifier.Verify(ec.Sign(Payload()), Provider(JwtSigner.Jwks(rsa)), Now);
        Assert.False(result.IsValid);
        Assert.Equal(ErrorCodes.InvalidToken, result.ErrorCode);
    }

    [Fact]
    public void An_algorithm_the_provider_does_not_list_is_refused_even_when_the_key_fits()
    {
        using var signer = JwtSigner.Create(JwtAlgorithm.ES256, "k1");
        var provider = Provider(JwtSigner.Jwks(signer), p => p with { Algorithms = ["RS256"] });
        Assert.Equal(ErrorCodes.InvalidToken, _verifier.Verify(signer.Sign(Payload()), provider, Now).ErrorCode);
    }

    [Fact]
    public void A_tampered_payload_is_a_bad_signature()
    {
        using var signer = JwtSigner.Create(JwtAlgorithm.ES256, "k1");
        var parts = signer.Sign(Payload()).Split('.');
        var forged = Core.Tokens.Base64UrlStrict.Encode(System.Text.Encoding.UTF8.GetBytes(Payload().Replace("user-1", "admin", StringComparison.Ordinal)));
        var result = _verifier.Verify($"{parts[0]}.{forged}.{parts[2]}", Provider(JwtSigner.Jwks(signer)), Now);
        Assert.Equal(ErrorCodes.InvalidToken, result.ErrorCode);
        Assert.True(result.IsBadSignature);
    }

    [Fact]
    public void A_token_signed_by_another_key_with_the_same_kid_is_a_bad_signature()
    {
        using var published = JwtSigner.Create(JwtAlgorithm.RS256, "k1");
        using var attacker = JwtSigner.Create(JwtAlgorithm.RS256, "k1");
        var result = _verifier.Verify(attacker.Sign(Payload()), Provider(JwtSigner.Jwks(published)), Now);
        Assert.True(result.IsBadSignature);
    }

    [Fact]
    public void An_unknown_kid_is_unknown_key()
    {
        using var published = JwtSigner.Create(JwtAlgorithm.RS256, "k1");
        using var other = JwtSigner.Create(JwtAlgorithm.RS256, "k2");
        Assert.Equal(ErrorCodes.UnknownKey, _verifier.Verify(other.Sign(Payload()), Provider(JwtSigner.Jwks(published)), Now).ErrorCode);
    }

    [Fact]
    public void An_expired_token_is_token_expired_and_the_tolerance_extends_it()
    {
        using var signer = JwtSigner.Create(JwtAlgorithm.ES256, "k1");
        var token = signer.Sign(Payload(exp: NowSeconds - 30));
        Assert.Equal(ErrorCodes.TokenExpired, _verifier.Verify(token, Provider(JwtSigner.Jwks(signer)), Now).ErrorCode);
        Assert.True(_verifier.Verify(token, Provider(JwtSigner.Jwks(signer), p => p with { ClockToleranceSeconds = 31 }), Now).IsValid);
        Assert.Equal(ErrorCodes.TokenExpired, _verifier.Verify(token, Provider(JwtSigner.Jwks(signer), p => p with { ClockToleranceSeconds = 30 }), Now).ErrorCode);
    }

    [Fact]
    public void A_remembered_token_is_still_refused_once_it_expires()
    {
        using var signer = JwtSigner.Create(JwtAlgorithm.ES256, "k1");
        var provider = Provider(JwtSigner.Jwks(signer));
        var token = signer.Sign(Payload(exp: NowSeconds + 5));
        Assert.True(_verifier.Verify(token, provider, Now).IsValid);
        Assert.Equal(1, provider.StaticKeys!.Verified.Count);
        Assert.True(_verifier.Verify(token, provider, Now.AddSeconds(4)).IsValid);
        Assert.Equal(ErrorCodes.TokenExpired, _verifier.Verify(token, provider, Now.AddSeconds(5)).ErrorCode);
    }

    [Fact]
    public void A_remembered_token_is_checked_against_each_provider_rules()
    {
        using var signer = JwtSigner.Create(JwtAlgorithm.ES256, "k1");
        var provider = Provider(JwtSigner.Jwks(signer));
        var token = signer.Sign(Payload());
        Assert.True(_verifier.Verify(token, provider, Now).IsValid);
        Assert.Equal(ErrorCodes.InvalidIssuer, _verifier.Verify(token, provider with { Issuers = ["https://other/"] }, provider.StaticKeys!, Now).ErrorCode);
        Assert.Equal(ErrorCodes.InvalidToken, _verifier.Verify(token, provider with { Algorithms = ["RS256"] }, provider.StaticKeys!, Now).ErrorCode);
    }

    [Fact]
    public void A_token_not_yet_valid_is_refused_by_nbf_and_by_iat()
    {
        using var signer = JwtSigner.Create(JwtAlgorithm.ES256, "k1");
        var provider = Provider(JwtSigner.Jwks(signer));
        Assert.Equal(ErrorCodes.TokenNotYetValid, _verifier.Verify(signer.Sign(Payload(extra: $",\"nbf\":{NowSeconds + 10}")), provider, Now).ErrorCode);
        var futureIat = $"{{\"iss\":\"{Issuer}\",\"aud\":\"{Audience}\",\"iat\":{NowSeconds + 10},\"exp\":{NowSeconds + 100}}}";
        Assert.Equal(ErrorCodes.TokenNotYetValid, _verifier.Verify(signer.Sign(futureIat), provider, Now).ErrorCode);
    }

    [Fact]
    public void A_token_without_exp_is_missing_claim()
    {
        using var signer = JwtSigner.Create(JwtAlgorithm.ES256, "k1");
        var result = _verifier.Verify(signer.Sign($"{{\"iss\":\"{Issuer}\",\"aud\":\"{Audience}\"}}"), Provider(JwtSigner.Jwks(signer)), Now);
        Assert.Equal(ErrorCodes.MissingClaim, result.ErrorCode);
    }

    [Fact]
    public void A_wrong_issuer_is_invalid_issuer()
    {
        using var signer = JwtSigner.Create(JwtAlgorithm.ES256, "k1");
        Assert.Equal(ErrorCodes.InvalidIssuer, _verifier.Verify(signer.Sign(Payload(iss: "https://evil/")), Provider(JwtSigner.Jwks(signer)), Now).ErrorCode);
    }

    [Fact]
    public void A_wrong_audience_is_invalid_audience_and_an_array_with_ours_passes()
    {
        using var signer = JwtSigner.Create(JwtAlgorithm.ES256, "k1");
        var provider = Provider(JwtSigner.Jwks(signer));
        Assert.Equal(ErrorCodes.InvalidAudience, _verifier.Verify(signer.Sign(Payload(aud: "\"api://other\"")), provider, Now).ErrorCode);
        Assert.True(_verifier.Verify(signer.Sign(Payload(aud: $"[\"api://other\",\"{Audience}\"]")), provider, Now).IsValid);
        Assert.Equal(ErrorCodes.InvalidToken, _verifier.Verify(signer.Sign(Payload(aud: "[1]")), provider, Now).ErrorCode);
    }

    [Fact]
    public void Required_and_exact_value_claims_are_enforced()
    {
        using var signer = JwtSigner.Create(JwtAlgorithm.ES256, "k1");
        var provider = Provider(JwtSigner.Jwks(signer), p => p with
        {
            RequiredClaims = ["email"],
            ClaimValues = new Dictionary<string, string>(StringComparer.Ordinal) { ["tenant"] = "acme", ["groups"] = "admins" },
        });
        Assert.Equal(ErrorCodes.MissingClaim, _verifier.Verify(signer.Sign(Payload(extra: ",\"tenant\":\"acme\",\"groups\":[\"admins\"]")), provider, Now).ErrorCode);
        Assert.Equal(ErrorCodes.ClaimMismatch, _verifier.Verify(signer.Sign(Payload(extra: ",\"email\":\"a@b\",\"tenant\":\"other\",\"groups\":[\"admins\"]")), provider, Now).ErrorCode);
        Assert.Equal(ErrorCodes.ClaimMismatch, _verifier.Verify(signer.Sign(Payload(extra: ",\"email\":\"a@b\",\"tenant\":\"acme\",\"groups\":[\"users\"]")), provider, Now).ErrorCode);
        Assert.Equal(ErrorCodes.MissingClaim, _verifier.Verify(signer.Sign(Payload(extra: ",\"email\":\"a@b\",\"groups\":[\"admins\"]")), provider, Now).ErrorCode);
        Assert.True(_verifier.Verify(signer.Sign(Payload(extra: ",\"email\":\"a@b\",\"tenant\":\"acme\",\"groups\":[\"users\",\"admins\"]")), provider, Now).IsValid);
    }

    [Fact]
    public void A_repeated_member_in_the_header_or_payload_is_refused()
    {
        using var signer = JwtSigner.Create(JwtAlgorithm.ES256, "k1");
        var provider = Provider(JwtSigner.Jwks(signer));
        Assert.Equal(ErrorCodes.InvalidToken, _verifier.Verify(signer.SignRaw("{\"alg\":\"ES256\",\"kid\":\"k1\",\"kid\":\"k1\"}", Payload()), provider, Now).ErrorCode);
        var twice = Payload().Replace("\"sub\":\"user-1\"", "\"sub\":\"user-1\",\"sub\":\"admin\"", StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.InvalidToken, _verifier.Verify(signer.SignRaw("{\"alg\":\"ES256\",\"kid\":\"k1\"}", twice), provider, Now).ErrorCode);
    }

    [Theory]
    [InlineData("{\"alg\":\"ES256\",\"kid\":\"k1\",\"crit\":[\"b64\"],\"b64\":false}")]
    [InlineData("{\"alg\":\"ES256\",\"kid\":\"k1\",\"typ\":\"JWE\"}")]
    [InlineData("{\"alg\":\"ES256\",\"kid\":1}")]
    [InlineData("{\"alg\":[\"ES256\"],\"kid\":\"k1\"}")]
    [InlineData("{\"kid\":\"k1\"}")]
    [InlineData("[\"ES256\"]")]
    public void A_header_the_verifier_cannot_honour_is_refused(string header)
    {
        using var signer = JwtSigner.Create(JwtAlgorithm.ES256, "k1");
        Assert.Equal(ErrorCodes.InvalidToken, _verifier.Verify(signer.SignRaw(header, Payload()), Provider(JwtSigner.Jwks(signer)), Now).ErrorCode);
    }

    [Fact]
    public void An_embedded_jwk_in_the_header_is_never_used()
    {
        using var published = JwtSigner.Create(JwtAlgorithm.ES256, "k1");
        using var attacker = JwtSigner.Create(JwtAlgorithm.ES256, "k1");
        var token = attacker.SignRaw($"{{\"alg\":\"ES256\",\"kid\":\"k1\",\"jwk\":{attacker.PublicJwk()}}}", Payload());
        Assert.True(_verifier.Verify(token, Provider(JwtSigner.Jwks(published)), Now).IsBadSignature);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("..")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9.e30.")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9=.e30.AAAA")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9.e30.AA AA")]
    public void Malformed_compact_tokens_are_invalid_token(string token)
    {
        using var signer = JwtSigner.Create(JwtAlgorithm.ES256, "k1");
        Assert.Equal(ErrorCodes.InvalidToken, _verifier.Verify(token, Provider(JwtSigner.Jwks(signer)), Now).ErrorCode);
    }

    [Fact]
    public void A_token_over_the_length_limit_is_refused_before_parsing()
    {
        using var signer = JwtSigner.Create(JwtAlgorithm.ES256, "k1");
        var token = signer.Sign(Payload(extra: $",\"pad\":\"{new string('x', JwtLimits.MaxTokenLength)}\""));
        Assert.Equal(ErrorCodes.InvalidToken, _verifier.Verify(token, Provider(JwtSigner.Jwks(signer)), Now).ErrorCode);
    }

    [Fact]
    public void Wrong_claim_types_are_refused()
    {
        using var signer = JwtSigner.Create(JwtAlgorithm.ES256, "k1");
        var provider = Provider(JwtSigner.Jwks(signer));
        Assert.Equal(ErrorCodes.InvalidToken, _verifier.Verify(signer.Sign($"{{\"iss\":\"{Issuer}\",\"aud\":\"{Audience}\",\"exp\":\"{NowSeconds + 60}\"}}"), provider, Now).ErrorCode);
        Assert.Equal(ErrorCodes.InvalidToken, _verifier.Verify(signer.Sign($"{{\"iss\":7,\"aud\":\"{Audience}\",\"exp\":{NowSeconds + 60}}}"), provider, Now).ErrorCode);
        Assert.Equal(ErrorCodes.InvalidToken, _verifier.Verify(signer.Sign($"{{\"iss\":\"{Issuer}\",\"exp\":1e400}}"), provider, Now).ErrorCode);
        Assert.Equal(ErrorCodes.InvalidToken, _verifier.Verify(signer.Sign("[1]"), provider, Now).ErrorCode);
    }
}
