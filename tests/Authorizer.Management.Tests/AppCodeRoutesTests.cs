namespace Authorizer.Management.Tests;

public sealed class AppCodeRoutesTests
{
    [Fact]
    public async Task Add_shows_the_code_once_and_list_masks_it()
    {
        using var h = await ApiHarness.CreateAsync();
        var appId = (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}")).Str("appId");

        var added = await h.SendAsync("POST", $"/v1/apps/{appId}/appcodes");

        Assert.Equal(201, added.Status);
        var code = added.Str("appCode");
        Assert.Equal("****" + code[^4..], added.Str("masked"));
        Assert.Equal($"/v1/apps/{appId}/appcodes/{added.Str("codeId")}", added.Header("Location"));

        var list = await h.SendAsync("GET", $"/v1/apps/{appId}/appcodes");
        Assert.Equal(200, list.Status);
        Assert.Equal(2, list.Json.GetProperty("items").GetArrayLength());
        Assert.DoesNotContain(code, list.Response.Body, StringComparison.Ordinal);
        Assert.Contains("****" + code[^4..], list.Response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sixth_active_code_is_409()
    {
        using var h = await ApiHarness.CreateAsync();
        var appId = (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}")).Str("appId");
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(201, (await h.SendAsync("POST", $"/v1/apps/{appId}/appcodes", "{}")).Status);
        }

        (await h.SendAsync("POST", $"/v1/apps/{appId}/appcodes")).AssertProblem(409, "appcode_limit");
    }

    [Fact]
    public async Task Revoke_removes_the_code_then_404()
    {
        using var h = await ApiHarness.CreateAsync();
        var appId = (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}")).Str("appId");
        var codeId = (await h.SendAsync("POST", $"/v1/apps/{appId}/appcodes")).Str("codeId");

        Assert.Equal(204, (await h.SendAsync("DELETE", $"/v1/apps/{appId}/appcodes/{codeId}")).Status);

        Assert.DoesNotContain(await h.Store.ListAppCodesAsync(appId), c => c.CodeId == codeId);
        (await h.SendAsync("DELETE", $"/v1/apps/{appId}/appcodes/{codeId}")).AssertProblem(404, "not_found");
    }

    [Fact]
    public async Task Code_of_another_app_cannot_be_revoked_through_this_one()
    {
        using var h = await ApiHarness.CreateAsync();
        var a = (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}")).Str("appId");
        var b = await h.SendAsync("POST", "/v1/apps", "{\"name\":\"b\"}");

        (await h.SendAsync("DELETE", $"/v1/apps/{a}/appcodes/{b.Json.GetProperty("appCode").GetProperty("codeId").GetString()}")).AssertProblem(404, "not_found");
    }

    [Fact]
    public async Task List_paginates()
    {
        using var h = await ApiHarness.CreateAsync();
        var appId = (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}")).Str("appId");
        await h.SendAsync("POST", $"/v1/apps/{appId}/appcodes");
        await h.SendAsync("POST", $"/v1/apps/{appId}/appcodes");

        var first = await h.SendAsync("GET", $"/v1/apps/{appId}/appcodes?limit=2");
        var second = await h.SendAsync("GET", $"/v1/apps/{appId}/appcodes?limit=2&nextToken={first.Str("nextToken")}");

        Assert.Equal(2, first.Json.GetProperty("items").GetArrayLength());
        Assert.Equal(1, second.Json.GetProperty("items").GetArrayLength());
        Assert.False(second.Json.TryGetProperty("nextToken", out _));
        (await h.SendAsync("GET", $"/v1/apps/{appId}/appcodes?nextToken=%%%")).AssertFieldError("nextToken");
    }

    [Fact]
    public async Task Routes_for_unknown_app_are_404()
    {
        using var h = await ApiHarness.CreateAsync();

        (await h.SendAsync("POST", "/v1/apps/nope/appcodes")).AssertProblem(404, "not_found");
        (await h.SendAsync("GET", "/v1/apps/nope/appcodes")).AssertProblem(404, "not_found");
    }

    [Fact]
    public async Task Add_rejects_unknown_fields()
    {
        using var h = await ApiHarness.CreateAsync();
        var appId = (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}")).Str("appId");

        (await h.SendAsync("POST", $"/v1/apps/{appId}/appcodes", "{\"appCode\":\"mine\"}")).AssertProblem(400, "invalid_json");
    }
}
