using Authorizer.Core.Jwt;

namespace Authorizer.Management.Tests;

/// <summary>The jwt section of PUT /v1/apis/{apiId}: stored, shown back, and every bad field named in a 400.</summary>
public sealed class JwtSettingsRoutesTests : IDisposable
{
    private readonly JwtSigner _signer = JwtSigner.Create(JwtAlgorithm.ES256, "k1");

    public void Dispose() => _signer.Dispose();

    private string Body(string appId, string extra = "") =>
        $"{{\"jwt\":{{\"appId\":\"{appId}\",\"issuers\":[\"https://idp.example.com/\"],\"audiences\":[\"api://x\"],\"jwks\":{JwtSigner.Jwks(_signer)}{extra}}}}}";

    [Fact]
    public async Task A_jwt_section_is_stored_versioned_and_read_back()
    {
        using var h = await ApiHarness.CreateAsync();
        var appId = (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"idp\"}")).Str("appId");

        var created = await h.SendAsync("PUT", "/v1/apis/abc", Body(appId, ",\"mode\":\"app_or_jwt\",\"preventJtiReplay\":true"));
        Assert.Equal(201, created.Status);
        var jwt = created.Json.GetProperty("jwt");
        Assert.Equal("app_or_jwt", jwt.GetProperty("mode").GetString());
        Assert.Equal("Authorization", jwt.GetProperty("name").GetString());
        Assert.Equal("Bearer", jwt.GetProperty("prefix").GetString());
        Assert.Equal("k1", jwt.GetProperty("jwks").GetProperty("keys")[0].GetProperty("kid").GetString());

        var stored = (await h.Store.GetApiSettingsAsync("abc"))!.Jwt!;
        Assert.Equal(JwtMode.AppOrJwt, stored.Mode);
        Assert.True(stored.Provider.PreventJtiReplay);
        Assert.Single(stored.Provider.StaticKeys!.Keys);

        var read = await h.SendAsync("GET", "/v1/apis/abc");
        Assert.Equal(appId, read.Json.GetProperty("jwt").GetProperty("appId").GetString());

        var cleared = await h.SendAsync("PUT", "/v1/apis/abc", "{}", headers: ("If-Match", created.Header("ETag")!));
        Assert.Equal(200, cleared.Status);
        Assert.False(cleared.Json.TryGetProperty("jwt", out _));
    }

    [Theory]
    [InlineData(",\"mode\":\"either\"", "jwt.mode")]
    [InlineData(",\"source\":\"body\"", "jwt.source")]
    [InlineData(",\"source\":\"cookie\"", "jwt.name")]
    [InlineData(",\"algorithms\":[\"HS256\"]", "jwt.algorithms")]
    [InlineData(",\"algorithms\":[\"none\"]", "jwt.algorithms")]
    [InlineData(",\"algorithms\":[\"EdDSA\"]", "jwt.algorithms")]
    [InlineData(",\"clockToleranceSeconds\":86401", "jwt.clockToleranceSeconds")]
    [InlineData(",\"clockToleranceSeconds\":-1", "jwt.clockToleranceSeconds")]
    [InlineData(",\"claimsToContext\":[\"a b\"]", "jwt.claimsToContext")]
    [InlineData(",\"jwksUri\":\"http://idp.example.com/jwks\"", "jwt.jwksUri")]
    [InlineData(",\"jwksUri\":\"http://127.0.0.1:1/jwks\"", "jwt.jwksUri")]
    [InlineData(",\"name\":\"X-Apig-AppCode\"", "jwt.name")]
    [InlineData(",\"source\":\"query\",\"prefix\":\"Bearer\"", "jwt.prefix")]
    public async Task Bad_jwt_fields_are_400_naming_the_field(string extra, string field)
    {
        using var h = await ApiHarness.CreateAsync();
        var appId = (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"idp\"}")).Str("appId");
        (await h.SendAsync("PUT", "/v1/apis/abc", Body(appId, extra))).AssertFieldError(field);
    }

    [Fact]
    public async Task An_unknown_app_a_missing_issuer_or_a_private_jwks_is_400()
    {
        using var h = await ApiHarness.CreateAsync();
        (await h.SendAsync("PUT", "/v1/apis/abc", Body("app-nope"))).AssertFieldError("jwt.appId");
        var appId = (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"idp\"}")).Str("appId");
        (await h.SendAsync("PUT", "/v1/apis/abc", $"{{\"jwt\":{{\"appId\":\"{appId}\",\"jwks\":{JwtSigner.Jwks(_signer)}}}}}")).AssertFieldError("jwt.issuers");
        var privateJwks = "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}]}";
        var reply = await h.SendAsync("PUT", "/v1/apis/abc", $"{{\"jwt\":{{\"appId\":\"{appId}\",\"issuers\":[\"i\"],\"jwks\":{privateJwks}}}}}");
        reply.AssertFieldError("jwt.jwks");
        Assert.DoesNotContain("c2VjcmV0", reply.Json.GetRawText(), StringComparison.Ordinal);
        (await h.SendAsync("PUT", "/v1/apis/abc", $"{{\"jwt\":{{\"appId\":\"{appId}\",\"issuers\":[\"i\"]}}}}")).AssertFieldError("jwt.jwks");
        (await h.SendAsync("PUT", "/v1/apis/abc", $"{{\"jwt\":{{\"appId\":\"{appId}\",\"issuers\":[\"i\"],\"jwks\":\"text\"}}}}")).AssertFieldError("jwt.jwks");
    }

    [Fact]
    public async Task A_discovering_provider_needs_no_jwks_and_is_stored_and_read_back()
    {
        using var h = await ApiHarness.CreateAsync();
        var appId = (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"idp\"}")).Str("appId");
        var body = $"{{\"jwt\":{{\"appId\":\"{appId}\",\"issuers\":[\"https://login.example.com/tenant/v2.0\"],\"discovery\":true}}}}";

        var created = await h.SendAsync("PUT", "/v1/apis/abc", body);

        Assert.Equal(201, created.Status);
        Assert.True(created.Json.GetProperty("jwt").GetProperty("discovery").GetBoolean());
        var stored = (await h.Store.GetApiSettingsAsync("abc"))!.Jwt!.Provider;
        Assert.True(stored.Discovery);
        Assert.Null(stored.JwksUri);
        Assert.True((await h.SendAsync("GET", "/v1/apis/abc")).Json.GetProperty("jwt").GetProperty("discovery").GetBoolean());
    }

    [Theory]
    [InlineData("[\"https://login.example.com/\"]", ",\"jwksUri\":\"https://login.example.com/keys\"", "jwt.discovery")]
    [InlineData("[\"login.example.com\"]", "", "jwt.issuers")]
    [InlineData("[\"http://login.example.com\"]", "", "jwt.issuers")]
    [InlineData("[\"http://127.0.0.1:9/\"]", "", "jwt.issuers")]
    [InlineData("[\"https://login.example.com/?tenant=a\"]", "", "jwt.issuers")]
    [InlineData("[]", "", "jwt.issuers")]
    public async Task Discovery_without_an_https_issuer_or_with_a_jwks_uri_is_400(string issuers, string extra, string field)
    {
        using var h = await ApiHarness.CreateAsync();
        var appId = (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"idp\"}")).Str("appId");
        var body = $"{{\"jwt\":{{\"appId\":\"{appId}\",\"issuers\":{issuers},\"discovery\":true{extra}}}}}";
        (await h.SendAsync("PUT", "/v1/apis/abc", body)).AssertFieldError(field);
    }

    [Fact]
    public async Task App_and_jwt_needs_no_provider_app()
    {
        using var h = await ApiHarness.CreateAsync();
        var body = $"{{\"jwt\":{{\"mode\":\"app_and_jwt\",\"name\":\"X-User-Token\",\"prefix\":\"\",\"issuers\":[\"i\"],\"jwks\":{JwtSigner.Jwks(_signer)}}}}}";
        Assert.Equal(201, (await h.SendAsync("PUT", "/v1/apis/abc", body)).Status);
    }
}
