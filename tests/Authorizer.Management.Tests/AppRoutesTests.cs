using System.Text.Json;

namespace Authorizer.Management.Tests;

public sealed class AppRoutesTests
{
    [Fact]
    public async Task Create_answers_201_with_credentials_shown_once()
    {
        using var h = await ApiHarness.CreateAsync();

        var reply = await h.SendAsync("POST", "/v1/apps", "{\"name\":\" Shop \",\"description\":\"d\",\"roles\":[\"reader\"],\"usagePlanKey\":\"upk1\"}");

        Assert.Equal(201, reply.Status);
        var appId = reply.Str("appId");
        Assert.Equal("Shop", reply.Str("name"));
        Assert.Equal("enabled", reply.Str("status"));
        Assert.Equal("upk1", reply.Str("usagePlanKey"));
        Assert.Equal($"/v1/apps/{appId}", reply.Header("Location"));
        Assert.Equal("\"1\"", reply.Header("ETag"));
        Assert.Equal(43, reply.Str("appSecret").Length);
        var code = reply.Json.GetProperty("appCode");
        Assert.Equal(64, code.GetProperty("appCode").GetString()!.Length);

        var read = await h.SendAsync("GET", $"/v1/apps/{appId}");
        Assert.Equal(200, read.Status);
        Assert.False(read.Json.TryGetProperty("appSecret", out _));
        Assert.False(read.Json.TryGetProperty("appCode", out _));
        Assert.DoesNotContain(reply.Str("appSecret"), read.Response.Body, StringComparison.Ordinal);

        var stored = await h.Store.GetAppAsync(appId);
        Assert.DoesNotContain(reply.Str("appSecret"), System.Text.Encoding.UTF8.GetString(stored!.Secrets[0].Ciphertext), StringComparison.Ordinal);
        var codes = await h.Store.ListAppCodesAsync(appId);
        Assert.Equal(ManagementCredentials.HashAppCode(code.GetProperty("appCode").GetString()!), Assert.Single(codes).CodeHash);
    }

    [Theory]
    [InlineData("{}", "name")]
    [InlineData("{\"name\":\"\"}", "name")]
    [InlineData("{\"name\":\"a\",\"status\":\"paused\"}", "status")]
    [InlineData("{\"name\":\"a\",\"roles\":[\"Admin\"]}", "roles[0]")]
    [InlineData("{\"name\":\"a\",\"roles\":[\"admin\",\"admin\"]}", "roles[1]")]
    [InlineData("{\"name\":\"a\",\"usagePlanKey\":\"has space\"}", "usagePlanKey")]
    public async Task Create_validates_fields(string body, string field)
    {
        using var h = await ApiHarness.CreateAsync();

        (await h.SendAsync("POST", "/v1/apps", body)).AssertFieldError(field);
    }

    [Fact]
    public async Task List_paginates_with_an_opaque_next_token()
    {
        using var h = await ApiHarness.CreateAsync();
        for (var i = 0; i < 4; i++)
        {
            await h.SendAsync("POST", "/v1/apps", $"{{\"name\":\"app{i}\"}}");
        }

        var seen = new List<string>();
        string? next = null;
        var pages = 0;
        do
        {
            var reply = await h.SendAsync("GET", "/v1/apps?limit=2" + (next is null ? string.Empty : "&nextToken=" + Uri.EscapeDataString(next)));
            Assert.Equal(200, reply.Status);
            seen.AddRange(reply.Json.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("appId").GetString()!));
            Assert.All(reply.Json.GetProperty("items").EnumerateArray(), e => Assert.False(e.TryGetProperty("appSecret", out _)));
            next = reply.Json.TryGetProperty("nextToken", out var t) ? t.GetString() : null;
            pages++;
        }
        while (next is not null);

        Assert.Equal(5, seen.Distinct().Count());
        Assert.Equal(3, pages);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=1&limit=2", "limit")]
    [InlineData("nextToken=", "nextToken")]
    public async Task List_validates_paging(string query, string field)
    {
        using var h = await ApiHarness.CreateAsync();

        (await h.SendAsync("GET", "/v1/apps?" + query)).AssertFieldError(field);
    }

    [Theory]
    [InlineData("/v1/apps")]
    [InlineData("/v1/apis")]
    [InlineData("/v1/apis/api1/authorizations")]
    public async Task A_next_token_the_listing_did_not_issue_is_400(string path)
    {
        using var h = await ApiHarness.CreateAsync();

        (await h.SendAsync("GET", path + "?nextToken=not-a-token")).AssertFieldError("nextToken");
    }

    [Fact]
    public async Task Get_unknown_app_is_404()
    {
        using var h = await ApiHarness.CreateAsync();

        (await h.SendAsync("GET", "/v1/apps/nope")).AssertProblem(404, "not_found");
    }

    [Fact]
    public async Task Patch_updates_fields_and_bumps_version()
    {
        using var h = await ApiHarness.CreateAsync();
        var appId = (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\",\"description\":\"old\",\"usagePlanKey\":\"k\"}")).Str("appId");

        var reply = await h.SendAsync(
            "PATCH",
            $"/v1/apps/{appId}",
            "{\"name\":\"b\",\"description\":\"\",\"status\":\"disabled\",\"roles\":[\"admin\"],\"version\":1}");

        Assert.Equal(200, reply.Status);
        Assert.Equal("b", reply.Str("name"));
        Assert.False(reply.Json.TryGetProperty("description", out _));
        Assert.Equal("k", reply.Str("usagePlanKey"));
        Assert.Equal("disabled", reply.Str("status"));
        Assert.Equal(["admin"], reply.Json.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(2, reply.Json.GetProperty("version").GetInt64());
        Assert.Equal("\"2\"", reply.Header("ETag"));
    }

    [Fact]
    public async Task Patch_with_stale_version_is_409_by_if_match_or_body()
    {
        using var h = await ApiHarness.CreateAsync();
        var appId = (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}")).Str("appId");
        Assert.Equal(200, (await h.SendAsync("PATCH", $"/v1/apps/{appId}", "{\"name\":\"b\"}", headers: ("If-Match", "\"1\""))).Status);

        (await h.SendAsync("PATCH", $"/v1/apps/{appId}", "{\"name\":\"c\"}", headers: ("If-Match", "\"1\""))).AssertProblem(409, "version_conflict");
        (await h.SendAsync("PATCH", $"/v1/apps/{appId}", "{\"name\":\"c\",\"version\":1}")).AssertProblem(409, "version_conflict");
        Assert.Equal("b", (await h.SendAsync("GET", $"/v1/apps/{appId}")).Str("name"));
    }

    [Theory]
    [InlineData("{\"status\":\"gone\"}", null, "status")]
    [InlineData("{\"name\":\"x\"}", "abc", "If-Match")]
    [InlineData("{\"name\":\"x\",\"version\":2}", "\"1\"", "version")]
    [InlineData("{\"version\":-1}", null, "version")]
    public async Task Patch_validates(string body, string? ifMatch, string field)
    {
        using var h = await ApiHarness.CreateAsync();
        var appId = (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}")).Str("appId");

        var reply = ifMatch is null
            ? await h.SendAsync("PATCH", $"/v1/apps/{appId}", body)
            : await h.SendAsync("PATCH", $"/v1/apps/{appId}", body, headers: ("If-Match", ifMatch));

        reply.AssertFieldError(field);
    }

    [Fact]
    public async Task Patch_unknown_app_is_404()
    {
        using var h = await ApiHarness.CreateAsync();

        (await h.SendAsync("PATCH", "/v1/apps/nope", "{\"name\":\"x\"}")).AssertProblem(404, "not_found");
    }

    [Fact]
    public async Task Delete_cascades_and_second_delete_is_404()
    {
        using var h = await ApiHarness.CreateAsync();
        var appId = (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}")).Str("appId");
        await h.SendAsync("POST", $"/v1/apps/{appId}/authorizations", "{\"apiId\":\"api1\",\"stage\":\"*\",\"routes\":[{\"method\":\"GET\",\"path\":\"/x\"}]}");

        Assert.Equal(204, (await h.SendAsync("DELETE", $"/v1/apps/{appId}")).Status);

        (await h.SendAsync("GET", $"/v1/apps/{appId}")).AssertProblem(404, "not_found");
        Assert.Empty(await h.Store.ListAppCodesAsync(appId));
        Assert.Empty(await h.Store.GetAuthorizationsForAppAsync(appId));
        (await h.SendAsync("DELETE", $"/v1/apps/{appId}")).AssertProblem(404, "not_found");
    }

    [Fact]
    public async Task Secret_reset_with_grace_keeps_the_old_secret_until_then()
    {
        using var h = await ApiHarness.CreateAsync();
        var created = await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}");
        var appId = created.Str("appId");

        var reply = await h.SendAsync("POST", $"/v1/apps/{appId}/secret/reset", "{\"graceSeconds\":300}");

        Assert.Equal(200, reply.Status);
        Assert.NotEqual(created.Str("appSecret"), reply.Str("appSecret"));
        Assert.Equal(h.Time.GetUtcNow().AddSeconds(300), reply.Json.GetProperty("previousSecretExpiresAt").GetDateTimeOffset());
        var stored = (await h.Store.GetAppAsync(appId))!;
        Assert.Equal(2, stored.Secrets.Count);
        Assert.Null(stored.Secrets[0].NotAfter);
        Assert.Equal(h.Time.GetUtcNow().AddSeconds(300), stored.Secrets[1].NotAfter);
        Assert.Equal(created.Str("appSecret"), System.Text.Encoding.UTF8.GetString(await h.Protector.UnprotectAsync(appId, stored.Secrets[1].Ciphertext)));
        Assert.Equal(reply.Str("appSecret"), System.Text.Encoding.UTF8.GetString(await h.Protector.UnprotectAsync(appId, stored.Secrets[0].Ciphertext)));
    }

    [Fact]
    public async Task Secret_reset_without_grace_drops_the_old_secret()
    {
        using var h = await ApiHarness.CreateAsync();
        var appId = (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}")).Str("appId");

        Assert.Equal(200, (await h.SendAsync("POST", $"/v1/apps/{appId}/secret/reset")).Status);

        Assert.Single((await h.Store.GetAppAsync(appId))!.Secrets);
    }

    [Theory]
    [InlineData("{\"graceSeconds\":-1}")]
    [InlineData("{\"graceSeconds\":86401}")]
    public async Task Secret_reset_validates_grace(string body)
    {
        using var h = await ApiHarness.CreateAsync();
        var appId = (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}")).Str("appId");

        (await h.SendAsync("POST", $"/v1/apps/{appId}/secret/reset", body)).AssertFieldError("graceSeconds");
    }

    [Fact]
    public async Task Secret_reset_of_unknown_app_is_404()
    {
        using var h = await ApiHarness.CreateAsync();

        (await h.SendAsync("POST", "/v1/apps/nope/secret/reset")).AssertProblem(404, "not_found");
    }

    [Fact]
    public void Views_serialize_with_camel_case_names()
    {
        var json = JsonSerializer.Serialize(new TokenView("a", "j", DateTimeOffset.UnixEpoch), ManagementJsonContext.Default.TokenView);

        Assert.Equal("{\"appId\":\"a\",\"jti\":\"j\",\"expiresAt\":\"1970-01-01T00:00:00+00:00\"}", json);
    }
}
