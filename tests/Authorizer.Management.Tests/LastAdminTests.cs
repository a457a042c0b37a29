using Authorizer.Core.Model;

namespace Authorizer.Management.Tests;

/// <summary>
/// The management API refuses (409 <c>last_admin</c>) to delete, disable or demote the last enabled admin app
/// holding a <c>/v1</c> grant, or to revoke that grant: otherwise nobody could call it any more.
/// </summary>
public sealed class LastAdminTests
{
    [Fact]
    public async Task Deleting_the_last_admin_with_a_v1_grant_is_refused()
    {
        using var h = await ApiHarness.CreateAsync();
        await GrantV1Async(h, h.Admin.AppId);

        (await h.SendAsync("DELETE", $"/v1/apps/{h.Admin.AppId}")).AssertProblem(409, "last_admin");
        Assert.NotNull(await h.Store.GetAppAsync(h.Admin.AppId));

        var second = await SecondAdminAsync(h);
        Assert.Equal(204, (await h.SendAsync("DELETE", $"/v1/apps/{h.Admin.AppId}", caller: second)).Status);
    }

    [Theory]
    [InlineData("{\"status\":\"disabled\"}")]
    [InlineData("{\"roles\":[]}")]
    [InlineData("{\"roles\":[\"reader\"]}")]
    public async Task Disabling_or_demoting_the_last_admin_with_a_v1_grant_is_refused(string patch)
    {
        using var h = await ApiHarness.CreateAsync();
        await GrantV1Async(h, h.Admin.AppId);

        (await h.SendAsync("PATCH", $"/v1/apps/{h.Admin.AppId}", patch)).AssertProblem(409, "last_admin");
        var app = await h.Store.GetAppAsync(h.Admin.AppId);
        Assert.True(app!.IsEnabled && app.HasRole(AppRoles.Admin));

        await SecondAdminAsync(h);
        Assert.Equal(200, (await h.SendAsync("PATCH", $"/v1/apps/{h.Admin.AppId}", patch)).Status);
    }

    [Fact]
    public async Task Other_changes_to_the_last_admin_are_allowed()
    {
        using var h = await ApiHarness.CreateAsync();
        await GrantV1Async(h, h.Admin.AppId);

        Assert.Equal(200, (await h.SendAsync("PATCH", $"/v1/apps/{h.Admin.AppId}", "{\"name\":\"renamed\",\"roles\":[\"admin\",\"reader\"]}")).Status);
        Assert.Equal(200, (await h.SendAsync("POST", $"/v1/apps/{h.Admin.AppId}/secret/reset", "{}")).Status);
    }

    [Fact]
    public async Task Revoking_the_last_admins_v1_grant_is_refused_but_its_other_grants_are_not()
    {
        using var h = await ApiHarness.CreateAsync();
        var v1 = await GrantV1Async(h, h.Admin.AppId);
        var echo = await GrantAsync(h, h.Admin.AppId, "api1", new RouteGrant("GET", "/echo/*"));

        (await h.SendAsync("DELETE", $"/v1/apps/{h.Admin.AppId}/authorizations/{v1}")).AssertProblem(409, "last_admin");
        Assert.Equal(204, (await h.SendAsync("DELETE", $"/v1/apps/{h.Admin.AppId}/authorizations/{echo}")).Status);

        await SecondAdminAsync(h);
        Assert.Equal(204, (await h.SendAsync("DELETE", $"/v1/apps/{h.Admin.AppId}/authorizations/{v1}")).Status);
    }

    [Fact]
    public async Task An_admin_whose_v1_grant_has_expired_or_is_read_only_does_not_count()
    {
        using var h = await ApiHarness.CreateAsync();
        await GrantV1Async(h, h.Admin.AppId);
        var expired = await NewAdminAsync(h);
        await GrantAsync(h, expired, "*", new RouteGrant("*", "/v1/*"), h.Time.GetUtcNow().AddSeconds(-1));
        var readOnly = await NewAdminAsync(h);
        await GrantAsync(h, readOnly, "*", new RouteGrant("GET", "/v1/*"));

        (await h.SendAsync("DELETE", $"/v1/apps/{h.Admin.AppId}")).AssertProblem(409, "last_admin");
    }

    [Fact]
    public async Task Without_any_admin_holding_a_v1_grant_nothing_is_refused()
    {
        // The bootstrap admin of the harness holds no grant: there is no access to protect.
        using var h = await ApiHarness.CreateAsync();

        Assert.Equal(204, (await h.SendAsync("DELETE", $"/v1/apps/{h.Admin.AppId}")).Status);
    }

    private static async Task<string> SecondAdminAsync(ApiHarness h)
    {
        var appId = await NewAdminAsync(h);
        await GrantV1Async(h, appId);
        return appId;
    }

    private static async Task<string> NewAdminAsync(ApiHarness h) =>
        (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"admin2\",\"roles\":[\"admin\"]}")).Str("appId");

    private static Task<string> GrantV1Async(ApiHarness h, string appId) => GrantAsync(h, appId, "*", new RouteGrant("*", "/v1/*"));

    private static async Task<string> GrantAsync(ApiHarness h, string appId, string apiId, RouteGrant route, DateTimeOffset? expiresAt = null)
    {
        var authId = "auth" + Guid.NewGuid().ToString("N")[..12];
        await h.Store.PutAuthorizationAsync(new AppAuthorization
        {
            AuthId = authId,
            AppId = appId,
            ApiId = apiId,
            Stage = "*",
            Routes = [route],
            ExpiresAt = expiresAt,
            CreatedAt = h.Time.GetUtcNow().AddMinutes(-1),
        });
        return authId;
    }
}
