using System.Net;
using Authorizer.Core.Signing;

namespace Authorizer.Local.Tests;

/// <summary>What API Gateway does around the authorizer: 401 without invoking, 403 with error headers, caching.</summary>
[Collection(SharedGateway.Name)]
public sealed class GatewayBehaviourTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Missing_identity_source_answers_401_without_invoking_the_authorizer()
    {
        using var client = GatewayClient.Plain(gateway.RestBase);
        var before = gateway.AuthorizerInvocations;

        using var response = await client.GetAsync("echo/cached/public/x");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, gateway.AuthorizerInvocations);
        Assert.Equal("unauthorized", GatewayClient.Header(response, "X-Ca-Error-Code"));
        Assert.Equal("Unauthorized", (await GatewayClient.JsonAsync(response)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task No_credential_on_a_route_without_identity_sources_is_401_from_the_authorizer()
    {
        using var client = GatewayClient.Plain(gateway.RestBase);
        var before = gateway.AuthorizerInvocations;

        using var response = await client.GetAsync("echo/hello");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before + 1, gateway.AuthorizerInvocations);
    }

    [Fact]
    public async Task Bad_credential_is_403_with_the_error_code_and_message_headers()
    {
        using var client = GatewayClient.Signed(gateway.RestBase, SigningCredentials.ForAppBasic(GatewayFixture.DemoKey, "wrong-secret-wrong-secret-wrong-secret"));

        using var response = await client.GetAsync("echo/hello");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("invalid_credentials", GatewayClient.Header(response, "X-Ca-Error-Code"));
        Assert.False(string.IsNullOrEmpty(GatewayClient.Header(response, "X-Ca-Error-Message")));
        var body = await GatewayClient.JsonAsync(response);
        Assert.Equal("invalid_credentials", body.GetProperty("errorCode").GetString());
        Assert.DoesNotContain("wrong-secret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_appcode_is_403_invalid_appcode()
    {
        using var client = GatewayClient.Signed(gateway.RestBase, SigningCredentials.ForAppCode(new string('f', 64)));

        using var response = await client.GetAsync("echo/hello");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("invalid_appcode", GatewayClient.Header(response, "X-Ca-Error-Code"));
    }

    [Fact]
    public async Task A_policy_cached_for_one_route_answers_correctly_on_other_routes()
    {
        using var client = GatewayClient.Signed(gateway.RestBase, SigningCredentials.ForAppCode(GatewayFixture.LimitedCode));
        var before = gateway.AuthorizerInvocations;

        using var first = await client.GetAsync("echo/cached/public/one");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(before + 1, gateway.AuthorizerInvocations);

        using var otherAllowed = await client.GetAsync("echo/cached/public/two/deeper");
        Assert.Equal(HttpStatusCode.OK, otherAllowed.StatusCode);

        using var otherDenied = await client.GetAsync("echo/cached/private/x");
        Assert.Equal(HttpStatusCode.Forbidden, otherDenied.StatusCode);

        using var wrongMethod = await client.DeleteAsync("echo/cached/public/one");
        Assert.Equal(HttpStatusCode.Forbidden, wrongMethod.StatusCode);

        // All four answered from one invocation: the cached policy lists every granted route.
        Assert.Equal(before + 1, gateway.AuthorizerInvocations);
    }

    [Fact]
    public async Task The_uncached_authorizer_is_invoked_for_every_request()
    {
        using var client = GatewayClient.Signed(gateway.RestBase, SigningCredentials.ForAppCode(GatewayFixture.DemoCode));
        var before = gateway.AuthorizerInvocations;

        using var first = await client.GetAsync("echo/a");
        using var second = await client.GetAsync("echo/a");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(before + 2, gateway.AuthorizerInvocations);
    }

    [Fact]
    public async Task A_path_no_route_matches_is_403_missing_authentication_token()
    {
        using var client = GatewayClient.Plain(gateway.RestBase);
        var before = gateway.AuthorizerInvocations;

        using var response = await client.GetAsync("nothing/here");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Missing Authentication Token", (await GatewayClient.JsonAsync(response)).GetProperty("message").GetString());
        Assert.Equal(before, gateway.AuthorizerInvocations);
    }

    [Fact]
    public async Task Management_routes_need_the_admin_role()
    {
        using var demo = GatewayClient.Signed(gateway.RestBase, SigningCredentials.ForAppBasic(GatewayFixture.DemoKey, GatewayFixture.DemoSecret));
        using var admin = GatewayClient.Signed(gateway.RestBase, SigningCredentials.ForAppBasic(GatewayFixture.AdminKey, GatewayFixture.AdminSecret));
        using var nobody = GatewayClient.Plain(gateway.RestBase);

        using var asDemo = await demo.GetAsync("v1/apps");
        using var asAdmin = await admin.GetAsync("v1/apps");
        using var anonymous = await nobody.GetAsync("v1/apps");

        Assert.Equal(HttpStatusCode.Forbidden, asDemo.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var apps = (await GatewayClient.JsonAsync(asAdmin)).GetProperty("items");
        Assert.Contains(apps.EnumerateArray(), app => app.GetProperty("appKey").GetString() == GatewayFixture.DemoKey);
    }

    [Fact]
    public async Task Each_request_is_logged_as_one_json_line_without_credentials()
    {
        using var client = GatewayClient.Signed(gateway.RestBase, SigningCredentials.ForAppCode(GatewayFixture.DemoCode));

        using var response = await client.GetAsync("echo/logged?appcode=ignored");

        var log = gateway.Log.ToString();
        Assert.Contains("\"path\":\"/echo/logged\"", log, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayFixture.DemoCode, log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("signature-sdk")]
    [InlineData("signature-ca")]
    public async Task A_signed_request_is_refused_on_the_cached_route_and_allowed_on_the_uncached_one(string scheme)
    {
        var credentials = scheme == "signature-sdk"
            ? SigningCredentials.ForSignatureSdk(GatewayFixture.DemoKey, GatewayFixture.DemoSecret)
            : SigningCredentials.ForSignatureCa(GatewayFixture.DemoKey, GatewayFixture.DemoSecret);
        using var client = GatewayClient.Signed(gateway.RestBase, credentials);

        // The cached authorizer's answer would be reused for every request with this Authorization value.
        using var cached = await client.GetAsync("echo/cached/public/signed");
        using var uncached = await client.GetAsync("echo/hello");

        if (scheme == "signature-sdk")
        {
            Assert.Equal(HttpStatusCode.Forbidden, cached.StatusCode);
            Assert.Equal("scheme_not_cacheable", GatewayClient.Header(cached, "X-Ca-Error-Code"));
        }
        else
        {
            // X-Ca signatures carry no Authorization header: the identity source is missing, 401 without an invocation.
            Assert.Equal(HttpStatusCode.Unauthorized, cached.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, uncached.StatusCode);
    }
}
