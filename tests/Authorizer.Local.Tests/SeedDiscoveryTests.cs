using Authorizer.Local.Seeding;

namespace Authorizer.Local.Tests;

/// <summary>A seed file's JWT provider can find its keys by OpenID Connect discovery from its issuer.</summary>
public sealed class SeedDiscoveryTests
{
    private static string Seed(string jwt) => $$"""
        {"apis":[{"apiId":"*","jwt":{{jwt}}}],
         "apps":[{"name":"idp-users","appKey":"seedjwtkey01","appSecret":"seed-jwt-secret-0123456789abcdef","authorizations":[{"apiId":"*","stage":"*","routes":[{"method":"GET","path":"/echo/*"}]}]}]}
        """;

    [Fact]
    public void A_discovering_provider_is_read_with_its_issuer_and_no_jwks()
    {
        var seed = SeedParser.Parse(Seed("""{"app":"idp-users","issuers":["http://127.0.0.1:9/realms/dev"],"discovery":true}"""));
        var provider = seed.Apis[0].Jwt!.Provider;
        Assert.True(provider.Discovery);
        Assert.Equal(["http://127.0.0.1:9/realms/dev"], provider.Issuers);
    }

    [Theory]
    [InlineData("""{"app":"idp-users","issuers":["idp-dev"],"discovery":true}""", "apis[0].jwt.issuers")]
    [InlineData("""{"app":"idp-users","issuers":["https://idp/"],"discovery":true,"jwksUri":"https://idp/jwks"}""", "apis[0].jwt.discovery")]
    [InlineData("""{"app":"idp-users","issuers":["https://idp/"],"discovery":"yes"}""", "apis[0].jwt.discovery")]
    public void A_bad_discovery_setting_names_its_field(string jwt, string field)
    {
        var error = Assert.Throws<SeedException>(() => SeedParser.Parse(Seed(jwt)));
        Assert.StartsWith(field, error.Message, StringComparison.Ordinal);
    }
}
