namespace Authorizer.Management.Tests;

public sealed class RequestHandlingTests
{
    [Fact]
    public async Task Call_without_caller_is_401()
    {
        using var h = await ApiHarness.CreateAsync();

        (await h.SendAsync("GET", "/v1/apps", caller: null)).AssertProblem(401, "unauthenticated");
    }

    [Fact]
    public async Task Unknown_caller_is_403()
    {
        using var h = await ApiHarness.CreateAsync();

        (await h.SendAsync("GET", "/v1/apps", caller: "nobody")).AssertProblem(403, "forbidden");
    }

    [Fact]
    public async Task Enabled_app_without_admin_role_is_403()
    {
        using var h = await ApiHarness.CreateAsync();
        var app = await h.SendAsync("POST", "/v1/apps", "{\"name\":\"plain\"}");

        (await h.SendAsync("GET", "/v1/apps", caller: app.Str("appId"))).AssertProblem(403, "forbidden");
    }

    [Fact]
    public async Task Disabled_admin_is_403_on_the_next_call()
    {
        using var h = await ApiHarness.CreateAsync();
        var other = await h.SendAsync("POST", "/v1/apps", "{\"name\":\"second admin\",\"roles\":[\"admin\"]}");
        var otherId = other.Str("appId");
        Assert.Equal(200, (await h.SendAsync("GET", "/v1/apps", caller: otherId)).Status);

        Assert.Equal(200, (await h.SendAsync("PATCH", $"/v1/apps/{otherId}", "{\"status\":\"disabled\"}")).Status);

        (await h.SendAsync("GET", "/v1/apps", caller: otherId)).AssertProblem(403, "forbidden");
    }

    [Theory]
    [InlineData("/v2/apps")]
    [InlineData("/v1/unknown")]
    [InlineData("/v1/apps/a/b/c/d/e")]
    [InlineData("/v1/apps/bad%20id")]
    [InlineData("apps")]
    public async Task Unknown_route_is_404(string path)
    {
        using var h = await ApiHarness.CreateAsync();

        (await h.SendAsync("GET", path)).AssertProblem(404, "not_found");
    }

    [Fact]
    public async Task Wrong_method_is_405_with_allow_header()
    {
        using var h = await ApiHarness.CreateAsync();

        var reply = await h.SendAsync("PUT", "/v1/apps");

        reply.AssertProblem(405, "method_not_allowed");
        Assert.Equal("GET, POST", reply.Header("Allow"));
    }

    [Fact]
    public async Task Oversized_body_is_413()
    {
        using var h = await ApiHarness.CreateAsync();
        var body = "{\"name\":\"" + new string('a', 64 * 1024) + "\"}";

        (await h.SendAsync("POST", "/v1/apps", body)).AssertProblem(413, "payload_too_large");
    }

    [Fact]
    public async Task Non_json_body_is_415()
    {
        using var h = await ApiHarness.CreateAsync();

        (await h.SendAsync("POST", "/v1/apps", "name=x", headers: ("Content-Type", "application/x-www-form-urlencoded"))).AssertProblem(415, "unsupported_media_type");
    }

    [Fact]
    public async Task Json_with_charset_and_problem_json_media_types_are_accepted()
    {
        using var h = await ApiHarness.CreateAsync();

        Assert.Equal(201, (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}", headers: ("Content-Type", "application/json; charset=utf-8"))).Status);
        Assert.Equal(201, (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"b\"}", headers: ("Content-Type", "application/merge-patch+json"))).Status);
    }

    [Theory]
    [InlineData("{\"name\":\"a\",\"unknown\":1}")]
    [InlineData("{\"name\":\"a\",\"name\":\"b\"}")]
    [InlineData("{\"name\":5}")]
    [InlineData("{\"name\":\"a\",}")]
    [InlineData("[\"a\"]")]
    [InlineData("{\"name\":\"a\"} {}")]
    [InlineData("null")]
    [InlineData("{\"name\":")]
    public async Task Bad_json_is_400_invalid_json(string body)
    {
        using var h = await ApiHarness.CreateAsync();

        (await h.SendAsync("POST", "/v1/apps", body)).AssertProblem(400, "invalid_json");
    }

    [Fact]
    public async Task Store_failures_propagate_rather_than_answer()
    {
        var time = new FakeTimeProvider();
        using var h = await ApiHarness.CreateAsync(new InstrumentedAppStore(time), time: time);
        ((InstrumentedAppStore)h.Store).FailReads = true;

        await Assert.ThrowsAsync<InvalidOperationException>(() => h.SendAsync("GET", "/v1/apps"));
    }
}
