using Authorizer.Core.Model;
using Authorizer.Local.Seeding;

namespace Authorizer.Local.Tests;

public sealed class SeedParserTests
{
    private const string ValidApp = """{"name":"a","appKey":"k1","appSecret":"0123456789abcdef0123"}""";

    [Fact]
    public void The_documented_format_parses()
    {
        var seed = SeedParser.Parse("""
            {"apis":[{"apiId":"*","allowedSchemes":["appcode","app-basic"],"appcodeLocation":"header_and_query","replayProtection":"optional","allowHmacSha1":true,"bodySignatures":"backend"}],
             "apps":[{"name":"demo","appKey":"k1","appSecret":"0123456789abcdef0123","appCodes":["0123456789abcdef0123"],"roles":["admin"],
                      "authorizations":[{"apiId":"*","stage":"*","routes":[{"method":"GET","path":"/echo/public/*"}]}]}]}
            """);

        var api = Assert.Single(seed.Apis);
        Assert.Equal(AppCodeLocation.HeaderAndQuery, api.AppCodeLocation);
        Assert.Equal([SchemeIds.AppCode, SchemeIds.AppBasic], api.AllowedSchemes);
        Assert.True(api.AllowHmacSha1);
        Assert.Equal(BodySignatureMode.Backend, api.BodySignatures);
        var app = Assert.Single(seed.Apps);
        Assert.Equal(["admin"], app.Roles);
        Assert.Equal(new RouteGrant("GET", "/echo/public/*"), Assert.Single(Assert.Single(app.Authorizations).Routes));
    }

    [Fact]
    public void The_shipped_events_seed_is_valid()
    {
        var seed = SeedParser.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Events, "seed.json")));

        Assert.Contains(seed.Apps, a => a.Name == "demo");
        Assert.Contains(seed.Apps, a => a.Roles.Contains("admin"));
    }

    [Theory]
    [InlineData("""{"apps":[{"name":"a","appSecret":"0123456789abcdef0123"}]}""", "apps[0].appKey: required")]
    [InlineData("""{"apps":[{"name":"a","appKey":"k","appSecret":"short"}]}""", "apps[0].appSecret: at least 16 characters")]
    [InlineData("""{"apps":[{"appKey":"k","appSecret":"0123456789abcdef0123"}]}""", "apps[0].name: required")]
    [InlineData("""{"apps":[{"name":"a","appKey":"k","appSecret":"0123456789abcdef0123","colour":"red"}]}""", "apps[0].colour: unknown field")]
    [InlineData("""{"apps":[{"name":"a","appKey":"k","appSecret":"0123456789abcdef0123","appCodes":[1]}]}""", "apps[0].appCodes[0]: expected a non-empty string")]
    [InlineData("""{"apps":[{"name":"a","appKey":"k","appSecret":"0123456789abcdef0123","authorizations":[{"apiId":"*","stage":"*","routes":[]}]}]}""", "apps[0].authorizations[0].routes: at least one route")]
    [InlineData("""{"apps":[{"name":"a","appKey":"k","appSecret":"0123456789abcdef0123","authorizations":[{"apiId":"*","stage":"*","routes":[{"method":"FETCH","path":"/x"}]}]}]}""", "apps[0].authorizations[0].routes[0].method")]
    [InlineData("""{"apps":[{"name":"a","appKey":"k","appSecret":"0123456789abcdef0123","authorizations":[{"apiId":"*","stage":"*","routes":[{"method":"GET","path":"x"}]}]}]}""", "apps[0].authorizations[0].routes[0].path: must start with /")]
    [InlineData("""{"apis":[{"apiId":"*","allowedSchemes":["magic"]}],"apps":[]}""", "apis[0].allowedSchemes[0]: unknown scheme")]
    [InlineData("""{"apis":[{"apiId":"*","appcodeLocation":"body"}],"apps":[]}""", "apis[0].appcodeLocation")]
    [InlineData("""{"apis":[{"apiId":"*","replayProtection":"always"}],"apps":[]}""", "apis[0].replayProtection")]
    [InlineData("""{"apis":[{"apiId":"*","allowHmacSha1":"yes"}],"apps":[]}""", "apis[0].allowHmacSha1")]
    [InlineData("""{"apis":[{"apiId":"*","bodySignatures":"accept"}],"apps":[]}""", "apis[0].bodySignatures: expected refuse or backend")]
    [InlineData("""{"apis":[]}""", "$.apps: required")]
    [InlineData("""[]""", "$: expected an object")]
    [InlineData("""{"apps": [""", "$: not valid JSON")]
    [InlineData("{\"apps\":[" + ValidApp + "," + ValidApp + "]}", "apps[1].appKey: duplicate of apps[0]")]
    public void Invalid_seeds_name_the_field(string json, string expected)
    {
        var error = Assert.Throws<SeedException>(() => SeedParser.Parse(json));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_never_echo_a_secret()
    {
        var error = Assert.Throws<SeedException>(() => SeedParser.Parse("""{"apps":[{"name":"a","appKey":"k","appSecret":"tiny-secret"}]}"""));

        Assert.DoesNotContain("tiny-secret", error.Message, StringComparison.Ordinal);
    }
}
