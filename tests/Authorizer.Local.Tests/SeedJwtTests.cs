using Authorizer.Core.Jwt;
using Authorizer.Local.Seeding;
using Authorizer.Store.Sqlite;

namespace Authorizer.Local.Tests;

/// <summary>A seed file can declare an API's JWT provider, naming a seed app that JWT callers act as.</summary>
public sealed class SeedJwtTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "authorizer-seed-jwt-" + Guid.NewGuid().ToString("N"));
    private readonly JwtSigner _signer = JwtSigner.Create(JwtAlgorithm.ES256, "seed-k1");

    public SeedJwtTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        _signer.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private string Seed(string jwt) => $$"""
        {"apis":[{"apiId":"*","jwt":{{jwt}}}],
         "apps":[{"name":"idp-users","appKey":"seedjwtkey01","appSecret":"seed-jwt-secret-0123456789abcdef","authorizations":[{"apiId":"*","stage":"*","routes":[{"method":"GET","path":"/echo/*"}]}]}]}
        """;

    [Fact]
    public async Task A_seeded_provider_is_stored_with_the_id_of_the_app_it_names()
    {
        var seed = SeedParser.Parse(Seed($$"""{"mode":"app_or_jwt","app":"idp-users","issuers":["https://idp.local/"],"jwks":{{JwtSigner.Jwks(_signer)}},"claimsToContext":["sub"]}"""));
        using var store = new SqliteAppStore(Path.Combine(_directory, "local.db"), TimeProvider.System);
        using var protector = Core.Secrets.AesGcmSecretProtector.FromKeyFile(Path.Combine(_directory, "secret.key"));

        var report = await new Seeder(store, protector, TimeProvider.System).SeedAsync(seed, CancellationToken.None);

        var jwt = (await store.GetApiSettingsAsync("*"))!.Jwt!;
        Assert.Equal(report.Apps[0].AppId, jwt.Provider.AppId);
        Assert.Equal(JwtMode.AppOrJwt, jwt.Mode);
        Assert.Equal("Bearer", jwt.Prefix);
        Assert.True(JsonWebKeySet.TryParse(jwt.Provider.Jwks!, out var keys, out _) && keys.Keys[0].Kid == "seed-k1");
    }

    [Fact]
    public async Task A_re_seed_whose_provider_differs_from_the_stored_one_says_it_kept_the_stored_settings()
    {
        var provider = $$"""{"mode":"app_or_jwt","app":"idp-users","issuers":["https://idp.local/"],"jwks":{{JwtSigner.Jwks(_signer)}},"claimsToContext":["sub"]}""";
        using var store = new SqliteAppStore(Path.Combine(_directory, "local.db"), TimeProvider.System);
        using var protector = Core.Secrets.AesGcmSecretProtector.FromKeyFile(Path.Combine(_directory, "secret.key"));
        var seeder = new Seeder(store, protector, TimeProvider.System);
        await seeder.SeedAsync(SeedParser.Parse(Seed(provider)), CancellationToken.None);

        var same = await seeder.SeedAsync(SeedParser.Parse(Seed(provider)), CancellationToken.None);
        var changed = await seeder.SeedAsync(SeedParser.Parse(Seed(provider.Replace("https://idp.local/", "https://other.idp/", StringComparison.Ordinal))), CancellationToken.None);

        Assert.Empty(same.KeptApiSettings);
        Assert.Equal(["*"], changed.KeptApiSettings);
        Assert.Equal(["https://idp.local/"], (await store.GetApiSettingsAsync("*"))!.Jwt!.Provider.Issuers);
    }

    [Theory]
    [InlineData("""{"app":"nobody","issuers":["i"],"jwksUri":"https://idp/jwks"}""", "apis[0].jwt.app")]
    [InlineData("""{"app":"idp-users","jwksUri":"https://idp/jwks"}""", "apis[0].jwt.issuers")]
    [InlineData("""{"app":"idp-users","issuers":["i"],"jwksUri":"http://idp.example.com/jwks"}""", "apis[0].jwt.jwksUri")]
    [InlineData("""{"app":"idp-users","issuers":["i"],"jwksUri":"https://idp/jwks","mode":"both"}""", "apis[0].jwt.mode")]
    [InlineData("""{"app":"idp-users","issuers":["i"],"jwksUri":"https://idp/jwks","color":"red"}""", "apis[0].jwt.color")]
    [InlineData("""{"app":"idp-users","issuers":["i"],"jwksUri":"https://idp/jwks","claimValues":["tenant"]}""", "apis[0].jwt.claimValues")]
    [InlineData("""{"app":"idp-users","issuers":["i"],"jwksUri":"https://idp/jwks","claimValues":{"tenant":7}}""", "apis[0].jwt.claimValues.tenant")]
    [InlineData("""{"app":"idp-users","issuers":["i"],"jwksUri":"https://idp/jwks","claimValues":{"tenant":"a","tenant":"b"}}""", "apis[0].jwt.claimValues.tenant")]
    [InlineData("""{"app":"idp-users","issuers":["i"],"jwksUri":"https://idp/jwks","passToken":"yes"}""", "apis[0].jwt.passToken")]
    public void A_bad_provider_names_its_field(string jwt, string field)
    {
        var error = Assert.Throws<SeedException>(() => SeedParser.Parse(Seed(jwt)));
        Assert.StartsWith(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_loopback_http_jwks_uri_is_accepted_in_a_seed()
    {
        var seed = SeedParser.Parse(Seed("""{"app":"idp-users","issuers":["i"],"jwksUri":"http://127.0.0.1:9/jwks"}"""));
        Assert.Equal("http://127.0.0.1:9/jwks", seed.Apis[0].Jwt!.Provider.JwksUri);
    }

    [Fact]
    public void Exact_claim_values_and_token_passing_are_read_as_the_management_api_takes_them()
    {
        var seed = SeedParser.Parse(Seed("""{"app":"idp-users","issuers":["i"],"jwksUri":"https://idp/jwks","claimValues":{"tenant":"acme","scope":"read"},"passToken":true}"""));

        var provider = seed.Apis[0].Jwt!.Provider;
        Assert.Equal(new Dictionary<string, string> { ["tenant"] = "acme", ["scope"] = "read" }, provider.ClaimValues);
        Assert.True(provider.PassToken);
        Assert.False(SeedParser.Parse(Seed("""{"app":"idp-users","issuers":["i"],"jwksUri":"https://idp/jwks"}""")).Apis[0].Jwt!.Provider.PassToken);
    }
}
