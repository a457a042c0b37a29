using Authorizer.Core.Jwt;

namespace Authorizer.Core.Tests.Jwt;

public sealed class JsonWebKeySetTests
{
    [Fact]
    public void A_set_with_rsa_and_ec_keys_parses_each_bound_to_its_algorithms()
    {
        using var rsa = JwtSigner.Create(JwtAlgorithm.RS256, "r");
        using var ec = JwtSigner.Create(JwtAlgorithm.ES384, "e");
        var jwks = "{\"keys\":[" + rsa.PublicJwk(includeAlg: false) + "," + ec.PublicJwk() + "]}";
        Assert.True(JsonWebKeySet.TryParse(jwks, out var set, out var error), error);
        Assert.Equal(6, set.Keys[0].Algorithms.Count);
        Assert.Equal([JwtAlgorithm.ES384], set.Keys[1].Algorithms);
    }

    [Fact]
    public void A_set_over_the_size_limit_is_refused()
    {
        var big = "{\"keys\":[],\"pad\":\"" + new string('x', JsonWebKeySet.MaxBytes) + "\"}";
        Assert.False(JsonWebKeySet.TryParse(big, out _, out var error));
        Assert.Contains("bytes", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_set_over_the_key_count_limit_is_refused()
    {
        var keys = string.Join(",", Enumerable.Repeat("{\"kty\":\"OKP\"}", JsonWebKeySet.MaxKeys + 1));
        Assert.False(JsonWebKeySet.TryParse("{\"keys\":[" + keys + "]}", out _, out var error));
        Assert.Contains("more than", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"d\":\"AAAA\"", "private")]
    [InlineData("\"p\":\"AAAA\"", "private")]
    public void A_key_with_a_private_member_refuses_the_set(string member, string expected)
    {
        using var rsa = JwtSigner.Create(JwtAlgorithm.RS256, "r");
        var jwk = rsa.PublicJwk().TrimEnd('}') + "," + member + "}";
        Assert.False(JsonWebKeySet.TryParse("{\"keys\":[" + jwk + "]}", out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("AAAA", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symmetric_key_refuses_the_set()
    {
        Assert.False(JsonWebKeySet.TryParse("{\"keys\":[{\"kty\":\"oct\",\"kid\":\"h\"}]}", out _, out var error));
        Assert.Contains("oct", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Encryption_keys_and_unsupported_types_are_skipped()
    {
        using var rsa = JwtSigner.Create(JwtAlgorithm.RS256, "r");
        var enc = rsa.PublicJwk().Replace("\"use\":\"sig\"", "\"use\":\"enc\"", StringComparison.Ordinal);
        var oaep = rsa.PublicJwk().Replace("\"alg\":\"RS256\"", "\"alg\":\"RSA-OAEP\"", StringComparison.Ordinal);
        var okp = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\",\"kid\":\"ed\"}";
        var wrapOnly = rsa.PublicJwk().Replace("\"use\":\"sig\"", "\"key_ops\":[\"wrapKey\"]", StringComparison.Ordinal);
        Assert.True(JsonWebKeySet.TryParse("{\"keys\":[" + string.Join(",", enc, oaep, okp, wrapOnly) + "]}", out var set, out var error), error);
        Assert.Empty(set.Keys);
    }

    [Fact]
    public void An_rsa_key_below_2048_bits_is_refused()
    {
        using var small = System.Security.Cryptography.RSA.Create(1024);
        var p = small.ExportParameters(false);
        var jwk = $"{{\"kty\":\"RSA\",\"n\":\"{Core.Tokens.Base64UrlStrict.Encode(p.Modulus)}\",\"e\":\"{Core.Tokens.Base64UrlStrict.Encode(p.Exponent)}\"}}";
        Assert.False(JsonWebKeySet.TryParse("{\"keys\":[" + jwk + "]}", out _, out var error));
        Assert.Contains("2048", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ec_point_off_its_curve_is_refused()
    {
        using var ec = JwtSigner.Create(JwtAlgorithm.ES256, "e");
        var jwk = System.Text.Json.Nodes.JsonNode.Parse(ec.PublicJwk())!.AsObject();
        var y = Core.Tokens.Base64UrlStrict.TryDecode((string)jwk["y"]!, out var bytes) ? bytes : [];
        y[^1] ^= 1;
        jwk["y"] = Core.Tokens.Base64UrlStrict.Encode(y);
        Assert.False(JsonWebKeySet.TryParse("{\"keys\":[" + jwk.ToJsonString() + "]}", out _, out _));
    }

    [Theory]
    [InlineData("{\"kty\":\"EC\",\"crv\":\"P-256\",\"alg\":\"ES384\",\"x\":\"AA\",\"y\":\"AA\"}")]
    [InlineData("{\"kty\":\"RSA\",\"alg\":\"ES256\",\"n\":\"AA\",\"e\":\"AQAB\"}")]
    [InlineData("{\"kty\":\"EC\",\"crv\":\"secp256k1\",\"x\":\"AA\",\"y\":\"AA\"}")]
    [InlineData("{\"kty\":\"RSA\",\"n\":\"AA==\",\"e\":\"AQAB\"}")]
    [InlineData("{\"kid\":\"no-kty\"}")]
    [InlineData("{\"kty\":\"RSA\",\"kid\":\"\",\"n\":\"AA\",\"e\":\"AQAB\"}")]
    [InlineData("\"not an object\"")]
    public void Malformed_keys_refuse_the_set(string jwk)
    {
        Assert.False(JsonWebKeySet.TryParse("{\"keys\":[" + jwk + "]}", out _, out var error));
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"keys\":{}}")]
    [InlineData("{\"keys\":[],\"keys\":[]}")]
    [InlineData("{\"keys\":[")]
    public void A_document_that_is_not_a_jwks_is_refused(string json)
    {
        Assert.False(JsonWebKeySet.TryParse(json, out _, out _));
    }
}
