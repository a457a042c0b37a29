using System.Text;
using Authorizer.Management.Tests.OpenApi;

namespace Authorizer.Management.Tests;

public sealed class TokenRoutesTests
{
    [Fact]
    public async Task Issue_with_body_credentials_answers_201_and_the_token_in_a_header()
    {
        using var h = await ApiHarness.CreateAsync();
        var app = await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}");

        var reply = await h.SendAsync(
            "POST", "/v1/tokens", $"{{\"appKey\":\"{app.Str("appKey")}\",\"appSecret\":\"{app.Str("appSecret")}\"}}", caller: null);

        Assert.Equal(201, reply.Status);
        var token = reply.Header("X-Subject-Token")!;
        Assert.DoesNotContain(token, reply.Response.Body, StringComparison.Ordinal);
        Assert.Equal(app.Str("appId"), reply.Str("appId"));
        Assert.Equal(h.Time.GetUtcNow().AddHours(24), reply.Json.GetProperty("expiresAt").GetDateTimeOffset());
        var validated = h.Validator.Validate(token);
        Assert.True(validated.IsValid);
        Assert.Equal(app.Str("appId"), validated.AppId);
        Assert.Equal(reply.Str("jti"), validated.Jti);
    }

    [Fact]
    public async Task Issue_with_basic_credentials_and_the_api_ttl()
    {
        using var h = await ApiHarness.CreateAsync();
        var app = await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}");
        await h.SendAsync("PUT", "/v1/apis/api1", "{\"tokenTtlSeconds\":600}");
        await h.SendAsync("PUT", "/v1/apis/*", "{\"tokenTtlSeconds\":1200}");
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(app.Str("appKey") + ":" + app.Str("appSecret")));

        var forApi = await h.SendAsync("POST", "/v1/tokens", "{\"apiId\":\"api1\"}", caller: null, headers: ("Authorization", basic));
        var byDefault = await h.SendAsync("POST", "/v1/tokens", null, caller: null, headers: ("Authorization", basic));

        Assert.Equal(201, forApi.Status);
        Assert.Equal(h.Time.GetUtcNow().AddSeconds(600), forApi.Json.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(h.Time.GetUtcNow().AddSeconds(1200), byDefault.Json.GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData("")]
    public async Task Wrong_secret_is_401(string secret)
    {
        using var h = await ApiHarness.CreateAsync();
        var app = await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}");
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(app.Str("appKey") + ":" + secret));

        (await h.SendAsync("POST", "/v1/tokens", null, caller: null, headers: ("Authorization", basic))).AssertProblem(401, "invalid_credentials");
    }

    [Theory]
    [InlineData("Basic !!!")]
    [InlineData("Basic bm9jb2xvbg==")]
    [InlineData("Bearer abc")]
    public async Task Malformed_basic_is_401(string header)
    {
        using var h = await ApiHarness.CreateAsync();

        (await h.SendAsync("POST", "/v1/tokens", null, caller: null, headers: ("Authorization", header))).AssertProblem(401, "invalid_credentials");
    }

    [Fact]
    public async Task Unknown_key_is_401()
    {
        using var h = await ApiHarness.CreateAsync();

        (await h.SendAsync("POST", "/v1/tokens", "{\"appKey\":\"nope\",\"appSecret\":\"x\"}", caller: null)).AssertProblem(401, "invalid_credentials");
    }

    [Fact]
    public async Task Disabled_app_is_403()
    {
        using var h = await ApiHarness.CreateAsync();
        var app = await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\",\"status\":\"disabled\"}");

        (await h.SendAsync("POST", "/v1/tokens", $"{{\"appKey\":\"{app.Str("appKey")}\",\"appSecret\":\"{app.Str("appSecret")}\"}}", caller: null))
            .AssertProblem(403, "app_disabled");
    }

    [Fact]
    public async Task Old_secret_works_during_grace_only()
    {
        using var h = await ApiHarness.CreateAsync();
        var app = await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}");
        await h.SendAsync("POST", $"/v1/apps/{app.Str("appId")}/secret/reset", "{\"graceSeconds\":60}");
        var body = $"{{\"appKey\":\"{app.Str("appKey")}\",\"appSecret\":\"{app.Str("appSecret")}\"}}";

        Assert.Equal(201, (await h.SendAsync("POST", "/v1/tokens", body, caller: null)).Status);
        h.Time.Advance(TimeSpan.FromSeconds(60));
        (await h.SendAsync("POST", "/v1/tokens", body, caller: null)).AssertProblem(401, "invalid_credentials");
    }

    [Theory]
    [InlineData("{}", "appKey")]
    [InlineData("{\"appKey\":\"k\"}", "appSecret")]
    [InlineData("{\"appKey\":\"k\",\"appSecret\":\"s\",\"apiId\":\"a b\"}", "apiId")]
    public async Task Issue_validates(string body, string field)
    {
        using var h = await ApiHarness.CreateAsync();

        (await h.SendAsync("POST", "/v1/tokens", body, caller: null)).AssertFieldError(field);
    }

    [Fact]
    public async Task Credentials_in_body_and_header_at_once_are_400()
    {
        using var h = await ApiHarness.CreateAsync();

        (await h.SendAsync("POST", "/v1/tokens", "{\"appKey\":\"k\",\"appSecret\":\"s\"}", caller: null, headers: ("Authorization", "Basic azpz")))
            .AssertFieldError("Authorization");
    }

    [Fact]
    public async Task Revoke_by_token_records_its_jti_until_expiry()
    {
        var time = new FakeTimeProvider();
        using var h = await ApiHarness.CreateAsync(new InstrumentedAppStore(time), time: time);
        var token = await IssueAsync(h);
        var jti = h.Validator.Validate(token).Jti!;

        var reply = await h.SendAsync("POST", "/v1/tokens/revoke", $"{{\"token\":\"{token}\"}}");

        Assert.Equal(200, reply.Status);
        Assert.Equal(jti, reply.Str("jti"));
        Assert.True(await h.Store.IsTokenRevokedAsync(jti));
        Assert.Equal(h.Time.GetUtcNow().AddHours(24).AddSeconds(60), ((InstrumentedAppStore)h.Store).Revoked[jti]);
        Assert.DoesNotContain(token, reply.Response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_by_jti_records_it()
    {
        using var h = await ApiHarness.CreateAsync();

        Assert.Equal(200, (await h.SendAsync("POST", "/v1/tokens/revoke", "{\"jti\":\"abc-123\"}")).Status);

        Assert.True(await h.Store.IsTokenRevokedAsync("abc-123"));
    }

    [Fact]
    public async Task Revoking_an_expired_token_is_a_no_op()
    {
        using var h = await ApiHarness.CreateAsync();
        var token = await IssueAsync(h);
        h.Time.Advance(TimeSpan.FromDays(2));

        Assert.Equal(204, (await h.SendAsync("POST", "/v1/tokens/revoke", $"{{\"token\":\"{token}\"}}")).Status);
    }

    [Theory]
    [InlineData("{}", "token")]
    [InlineData("{\"token\":\"a\",\"jti\":\"b\"}", "token")]
    [InlineData("{\"token\":\"not.a.token\"}", "token")]
    [InlineData("{\"jti\":\"bad jti\"}", "jti")]
    public async Task Revoke_validates(string body, string field)
    {
        using var h = await ApiHarness.CreateAsync();

        (await h.SendAsync("POST", "/v1/tokens/revoke", body)).AssertFieldError(field);
    }

    [Fact]
    public async Task Revoke_requires_an_admin()
    {
        using var h = await ApiHarness.CreateAsync();

        (await h.SendAsync("POST", "/v1/tokens/revoke", "{\"jti\":\"x\"}", caller: null)).AssertProblem(401, "unauthenticated");
    }

    [Fact]
    public async Task Without_a_signing_key_the_token_routes_answer_503()
    {
        using var h = await ApiHarness.CreateAsync();
        var api = new ManagementApi(h.Store, h.Protector, null, null, h.Time);

        var issueRequest = new ManagementRequest { Method = "POST", Path = "/v1/tokens" };
        var revokeRequest = new ManagementRequest { Method = "POST", Path = "/v1/tokens/revoke", CallerAppId = h.Admin.AppId };
        var issue = new Reply(await api.HandleAsync(issueRequest));
        var revoke = new Reply(await api.HandleAsync(revokeRequest));
        ManagementContract.Check(issueRequest, issue.Response);
        ManagementContract.Check(revokeRequest, revoke.Response);

        issue.AssertProblem(503, "tokens_unavailable");
        revoke.AssertProblem(503, "tokens_unavailable");
    }

    private static async Task<string> IssueAsync(ApiHarness h)
    {
        var app = await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}");
        var issued = await h.SendAsync("POST", "/v1/tokens", $"{{\"appKey\":\"{app.Str("appKey")}\",\"appSecret\":\"{app.Str("appSecret")}\"}}", caller: null);
        return issued.Header("X-Subject-Token")!;
    }
}
