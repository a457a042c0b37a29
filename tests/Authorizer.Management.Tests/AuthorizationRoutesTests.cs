namespace Authorizer.Management.Tests;

public sealed class AuthorizationRoutesTests
{
    private const string Grant = "{\"apiId\":\"api1\",\"stage\":\"Prod\",\"routes\":[{\"method\":\"get\",\"path\":\"/echo/*\"},{\"method\":\"*\",\"path\":\"/items/{id}\"}]}";

    [Fact]
    public async Task Grant_list_by_app_and_api_then_revoke()
    {
        using var h = await ApiHarness.CreateAsync();
        var appId = (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}")).Str("appId");

        var granted = await h.SendAsync("POST", $"/v1/apps/{appId}/authorizations", Grant);

        Assert.Equal(201, granted.Status);
        var authId = granted.Str("authId");
        Assert.Equal("GET", granted.Json.GetProperty("routes")[0].GetProperty("method").GetString());
        var byApp = await h.SendAsync("GET", $"/v1/apps/{appId}/authorizations");
        Assert.Equal(authId, byApp.Json.GetProperty("items")[0].GetProperty("authId").GetString());
        var byApi = await h.SendAsync("GET", "/v1/apis/api1/authorizations");
        Assert.Equal(authId, byApi.Json.GetProperty("items")[0].GetProperty("authId").GetString());

        Assert.Equal(204, (await h.SendAsync("DELETE", $"/v1/apps/{appId}/authorizations/{authId}")).Status);

        Assert.Empty(await h.Store.GetAuthorizationsForAppAsync(appId));
        (await h.SendAsync("DELETE", $"/v1/apps/{appId}/authorizations/{authId}")).AssertProblem(404, "not_found");
    }

    [Fact]
    public async Task Expiry_is_kept()
    {
        using var h = await ApiHarness.CreateAsync();
        var appId = (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}")).Str("appId");
        var expires = h.Time.GetUtcNow().AddDays(1);

        var granted = await h.SendAsync(
            "POST",
            $"/v1/apps/{appId}/authorizations",
            "{\"apiId\":\"*\",\"stage\":\"*\",\"routes\":[{\"method\":\"*\",\"path\":\"*\"}],\"expiresAt\":\"" + expires.ToString("O") + "\"}");

        Assert.Equal(201, granted.Status);
        Assert.Equal(expires, Assert.Single(await h.Store.GetAuthorizationsForAppAsync(appId)).ExpiresAt);
    }

    [Theory]
    [InlineData("{\"stage\":\"Prod\",\"routes\":[{\"method\":\"GET\",\"path\":\"/x\"}]}", "apiId")]
    [InlineData("{\"apiId\":\"a b\",\"stage\":\"Prod\",\"routes\":[{\"method\":\"GET\",\"path\":\"/x\"}]}", "apiId")]
    [InlineData("{\"apiId\":\"a\",\"routes\":[{\"method\":\"GET\",\"path\":\"/x\"}]}", "stage")]
    [InlineData("{\"apiId\":\"a\",\"stage\":\"Prod\"}", "routes")]
    [InlineData("{\"apiId\":\"a\",\"stage\":\"Prod\",\"routes\":[]}", "routes")]
    [InlineData("{\"apiId\":\"a\",\"stage\":\"Prod\",\"routes\":[{\"method\":\"FETCH\",\"path\":\"/x\"}]}", "routes[0].method")]
    [InlineData("{\"apiId\":\"a\",\"stage\":\"Prod\",\"routes\":[{\"method\":\"GET\",\"path\":\"x\"}]}", "routes[0].path")]
    [InlineData("{\"apiId\":\"a\",\"stage\":\"Prod\",\"routes\":[{\"method\":\"GET\",\"path\":\"/a//b\"}]}", "routes[0].path")]
    [InlineData("{\"apiId\":\"a\",\"stage\":\"Prod\",\"routes\":[{\"method\":\"GET\",\"path\":\"/a/{}\"}]}", "routes[0].path")]
    [InlineData("{\"apiId\":\"a\",\"stage\":\"Prod\",\"routes\":[{\"method\":\"GET\",\"path\":\"/a b\"}]}", "routes[0].path")]
    [InlineData("{\"apiId\":\"a\",\"stage\":\"Prod\",\"routes\":[{\"method\":\"GET\"}]}", "routes[0].path")]
    [InlineData("{\"apiId\":\"a\",\"stage\":\"Prod\",\"routes\":[null]}", "routes[0].method")]
    [InlineData("{\"apiId\":\"a\",\"stage\":\"Prod\",\"routes\":[{\"method\":\"GET\",\"path\":\"/x\"}],\"expiresAt\":\"2020-01-01T00:00:00Z\"}", "expiresAt")]
    public async Task Grant_validates(string body, string field)
    {
        using var h = await ApiHarness.CreateAsync();
        var appId = (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}")).Str("appId");

        (await h.SendAsync("POST", $"/v1/apps/{appId}/authorizations", body)).AssertFieldError(field);
    }

    [Fact]
    public async Task Routes_for_unknown_app_are_404()
    {
        using var h = await ApiHarness.CreateAsync();

        (await h.SendAsync("POST", "/v1/apps/nope/authorizations", Grant)).AssertProblem(404, "not_found");
        (await h.SendAsync("GET", "/v1/apps/nope/authorizations")).AssertProblem(404, "not_found");
    }

    [Fact]
    public async Task Lists_paginate()
    {
        using var h = await ApiHarness.CreateAsync();
        var appId = (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}")).Str("appId");
        for (var i = 0; i < 3; i++)
        {
            await h.SendAsync("POST", $"/v1/apps/{appId}/authorizations", Grant);
        }

        foreach (var path in new[] { $"/v1/apps/{appId}/authorizations", "/v1/apis/api1/authorizations" })
        {
            var first = await h.SendAsync("GET", path + "?limit=2");
            var second = await h.SendAsync("GET", path + "?limit=2&nextToken=" + Uri.EscapeDataString(first.Str("nextToken")));
            var ids = first.Json.GetProperty("items").EnumerateArray().Concat(second.Json.GetProperty("items").EnumerateArray())
                .Select(e => e.GetProperty("authId").GetString()).ToList();
            Assert.Equal(3, ids.Distinct().Count());
            Assert.False(second.Json.TryGetProperty("nextToken", out _));
        }
    }
}
