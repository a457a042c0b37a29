using System.Net;
using System.Text;
using System.Text.Json;
using Authorizer.Core.Model;
using Authorizer.Core.Signing;

namespace Authorizer.Local.Tests;

/// <summary>Every scheme, signed by Authorizer.Client, through the local REST API to the echo backend.</summary>
[Collection(SharedGateway.Name)]
public sealed class SchemeEndToEndTests(GatewayFixture gateway)
{
    public static TheoryData<string> Schemes => new()
    {
        SchemeIds.AppCode, SchemeIds.SignatureCa, SchemeIds.SignatureSdk, SchemeIds.AppBasic, SchemeIds.AppSecret,
    };

    [Theory]
    [MemberData(nameof(Schemes))]
    public async Task Each_scheme_reaches_the_echo_function_with_the_authorizer_context(string scheme)
    {
        var credentials = scheme == SchemeIds.AppCode
            ? SigningCredentials.ForAppCode(GatewayFixture.DemoCode)
            : new SigningCredentials { Scheme = scheme, AppKey = GatewayFixture.DemoKey, AppSecret = GatewayFixture.DemoSecret };
        using var client = GatewayClient.Signed(gateway.RestBase, credentials);

        using var response = await client.GetAsync("echo/hello/%E5%8C%97%E4%BA%AC?name=Zo%C3%AB&x=1&x=2");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await GatewayClient.JsonAsync(response);
        Assert.Equal("GET", body.GetProperty("method").GetString());
        var context = body.GetProperty("authorizer");
        Assert.Equal(scheme, context.GetProperty("scheme").GetString());
        Assert.Equal(GatewayFixture.DemoKey, context.GetProperty("appKey").GetString());
        Assert.Equal("demo", context.GetProperty("appName").GetString());
    }

    [Fact]
    public async Task A_signed_post_with_a_body_reaches_the_echo_function()
    {
        using var client = GatewayClient.Signed(gateway.RestBase, SigningCredentials.ForSignatureCa(GatewayFixture.DemoKey, GatewayFixture.DemoSecret));
        using var content = new StringContent("{\"a\":1}", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("echo/items", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("POST", (await GatewayClient.JsonAsync(response)).GetProperty("method").GetString());
    }

    [Fact]
    public async Task A_token_from_the_management_api_is_accepted()
    {
        using var plain = GatewayClient.Plain(gateway.RestBase);
        using var issue = new StringContent(
            JsonSerializer.Serialize(new { appKey = GatewayFixture.DemoKey, appSecret = GatewayFixture.DemoSecret }), Encoding.UTF8, "application/json");
        using var issued = await plain.PostAsync("v1/tokens", issue);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var token = GatewayClient.Header(issued, "X-Subject-Token");
        Assert.False(string.IsNullOrEmpty(token));

        using var client = GatewayClient.Signed(gateway.RestBase, SigningCredentials.ForToken(token!));
        using var response = await client.GetAsync("echo/with-token");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SchemeIds.Token, (await GatewayClient.JsonAsync(response)).GetProperty("authorizer").GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task The_openapi_document_is_served_without_credentials()
    {
        using var plain = GatewayClient.Plain(gateway.RestBase);

        using var response = await plain.GetAsync("v1/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3.1.0", (await GatewayClient.JsonAsync(response)).GetProperty("openapi").GetString());
    }

    [Fact]
    public async Task The_http_api_serves_the_same_backend_behind_the_authorizer()
    {
        using var client = GatewayClient.Signed(gateway.HttpBase, SigningCredentials.ForAppBasic(GatewayFixture.DemoKey, GatewayFixture.DemoSecret));

        using var response = await client.GetAsync("echo/over-http-api");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
