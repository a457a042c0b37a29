namespace Authorizer.Management.Tests;

public sealed class ApiSettingsRoutesTests
{
    private const string Full =
        "{\"allowedSchemes\":[\"appcode\",\"token\"],\"appcodeLocation\":\"header_and_query\",\"replayProtection\":\"required\",\"allowHmacSha1\":true,\"tokenTtlSeconds\":3600}";

    [Fact]
    public async Task Put_creates_201_then_replaces_200_and_get_reads_it()
    {
        using var h = await ApiHarness.CreateAsync();

        var created = await h.SendAsync("PUT", "/v1/apis/abc123", Full);
        Assert.Equal(201, created.Status);
        Assert.Equal("header_and_query", created.Str("appcodeLocation"));
        Assert.Equal("required", created.Str("replayProtection"));
        Assert.True(created.Json.GetProperty("allowHmacSha1").GetBoolean());
        Assert.Equal(3600, created.Json.GetProperty("tokenTtlSeconds").GetInt32());
        Assert.Equal(["appcode", "token"], created.Json.GetProperty("allowedSchemes").EnumerateArray().Select(e => e.GetString()));

        var replaced = await h.SendAsync("PUT", "/v1/apis/abc123", "{\"replayProtection\":\"off\"}", headers: ("If-Match", created.Header("ETag")!));
        Assert.Equal(200, replaced.Status);
        Assert.Equal("off", replaced.Str("replayProtection"));
        Assert.Equal("header", replaced.Str("appcodeLocation"));

        var read = await h.SendAsync("GET", "/v1/apis/abc123");
        Assert.Equal(200, read.Status);
        Assert.Equal("off", read.Str("replayProtection"));
        var stored = await h.Store.GetApiSettingsAsync("abc123");
        Assert.Equal(Core.Model.ReplayProtection.Off, stored!.ReplayProtection);
    }

    [Fact]
    public async Task Body_signatures_default_to_refuse_and_backend_is_stored_and_read_back()
    {
        using var h = await ApiHarness.CreateAsync();

        var defaulted = await h.SendAsync("PUT", "/v1/apis/abc", Full);
        var backend = await h.SendAsync("PUT", "/v1/apis/abc", "{\"bodySignatures\":\"backend\"}");
        var read = await h.SendAsync("GET", "/v1/apis/abc");

        Assert.Equal("refuse", defaulted.Str("bodySignatures"));
        Assert.Equal("backend", backend.Str("bodySignatures"));
        Assert.Equal("backend", read.Str("bodySignatures"));
        Assert.Equal(Core.Model.BodySignatureMode.Backend, (await h.Store.GetApiSettingsAsync("abc"))!.BodySignatures);
    }

    [Fact]
    public async Task Put_with_stale_version_is_409()
    {
        using var h = await ApiHarness.CreateAsync();
        await h.SendAsync("PUT", "/v1/apis/abc", Full);
        await h.SendAsync("PUT", "/v1/apis/abc", Full);

        (await h.SendAsync("PUT", "/v1/apis/abc", "{\"version\":1}")).AssertProblem(409, "version_conflict");
    }

    [Fact]
    public async Task Default_settings_live_under_star()
    {
        using var h = await ApiHarness.CreateAsync();

        Assert.Equal(201, (await h.SendAsync("PUT", "/v1/apis/*", "{\"tokenTtlSeconds\":600}")).Status);

        Assert.Equal(600, (await h.Store.GetApiSettingsAsync("*"))!.TokenTtlSeconds);
    }

    [Theory]
    [InlineData("{\"allowedSchemes\":[\"kerberos\"]}", "allowedSchemes[0]")]
    [InlineData("{\"appcodeLocation\":\"query\"}", "appcodeLocation")]
    [InlineData("{\"replayProtection\":\"always\"}", "replayProtection")]
    [InlineData("{\"tokenTtlSeconds\":10}", "tokenTtlSeconds")]
    [InlineData("{\"tokenTtlSeconds\":99999999}", "tokenTtlSeconds")]
    [InlineData("{\"bodySignatures\":\"accept\"}", "bodySignatures")]
    public async Task Put_validates(string body, string field)
    {
        using var h = await ApiHarness.CreateAsync();

        (await h.SendAsync("PUT", "/v1/apis/abc", body)).AssertFieldError(field);
    }

    [Fact]
    public async Task Get_and_delete_unknown_are_404_and_delete_removes()
    {
        using var h = await ApiHarness.CreateAsync();
        (await h.SendAsync("GET", "/v1/apis/abc")).AssertProblem(404, "not_found");
        await h.SendAsync("PUT", "/v1/apis/abc", Full);

        Assert.Equal(204, (await h.SendAsync("DELETE", "/v1/apis/abc")).Status);

        (await h.SendAsync("GET", "/v1/apis/abc")).AssertProblem(404, "not_found");
        (await h.SendAsync("DELETE", "/v1/apis/abc")).AssertProblem(404, "not_found");
    }

    [Fact]
    public async Task List_paginates()
    {
        using var h = await ApiHarness.CreateAsync();
        foreach (var id in new[] { "a1", "a2", "a3" })
        {
            await h.SendAsync("PUT", $"/v1/apis/{id}", "{}");
        }

        var first = await h.SendAsync("GET", "/v1/apis?limit=2");
        var second = await h.SendAsync("GET", "/v1/apis?limit=2&nextToken=" + Uri.EscapeDataString(first.Str("nextToken")));

        Assert.Equal(["a1", "a2"], first.Json.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("apiId").GetString()));
        Assert.Equal(["a3"], second.Json.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("apiId").GetString()));
        (await h.SendAsync("GET", "/v1/apis?limit=-1")).AssertFieldError("limit");
    }
}
