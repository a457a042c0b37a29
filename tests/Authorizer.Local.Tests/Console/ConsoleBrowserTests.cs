using System.Net;
using System.Net.Http.Json;
using Authorizer.Core.Signing;
using OpenQA.Selenium;

namespace Authorizer.Local.Tests.Console;

/// <summary>
/// The web console end to end: headless Chromium against <c>start-api</c>, every action a management API call whose
/// effect is checked over HTTP as well as on the page. Settings are written for test-only API ids so the shared
/// gateway's <c>*</c> settings stay as seeded.
/// </summary>
[Collection(SharedGateway.Name)]
public sealed class ConsoleBrowserTests(GatewayFixture gateway, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private ConsolePage Page()
    {
        Skip.If(chromium.SkipReason is not null, chromium.SkipReason);
        return new ConsolePage(chromium.Driver, gateway.RestBase);
    }

    private HttpClient Admin() =>
        GatewayClient.Signed(gateway.RestBase, SigningCredentials.ForAppBasic(GatewayFixture.AdminKey, GatewayFixture.AdminSecret));

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    [SkippableFact]
    public void Signing_in_with_admin_credentials_lists_the_apps_and_search_filters_them()
    {
        var page = Page();

        page.SignIn(GatewayFixture.AdminKey, GatewayFixture.AdminSecret);

        Assert.Contains(GatewayFixture.AdminKey, page.WaitForText("whoami", "Signed in as"), StringComparison.Ordinal);
        page.WaitForMoreRowsThan("apps-table", 0);
        Assert.False(page.IsShown("sign-in"));
        page.Screenshot("console-apps.png");

        // The listing's order is the store's: search for whichever app came first.
        var first = chromium.Driver.FindElement(By.CssSelector("#apps-table tbody tr td code")).Text;
        page.Type("search", first);
        Assert.Equal(1, page.Rows("apps-table"));
        Assert.Contains(first, page.TextOf("apps-table"), StringComparison.Ordinal);
        page.Type("search", "no-app-has-this-name");
        page.WaitForText("apps-table", "No listed app matches.");
    }

    [SkippableFact]
    public async Task Apps_beyond_the_first_page_load_on_request()
    {
        var page = Page();
        using var admin = Admin();
        for (var i = 0; i < 21; i++)
        {
            using var created = await admin.PostAsJsonAsync("v1/apps", new { name = NewName("paged") });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        page.SignIn(GatewayFixture.AdminKey, GatewayFixture.AdminSecret);
        page.WaitForText("whoami", "Signed in as");
        Assert.Equal(20, page.Rows("apps-table"));

        page.Click("Load more apps");

        page.WaitForMoreRowsThan("apps-table", 20);
    }

    [SkippableFact]
    public void A_non_admin_app_is_refused_and_the_console_stays_closed()
    {
        var page = Page();

        page.SignIn(GatewayFixture.DemoKey, GatewayFixture.DemoSecret);

        Assert.Contains("403", page.WaitForText("error", "403"), StringComparison.Ordinal);
        Assert.False(page.IsShown("workspace"));
        Assert.True(page.IsShown("sign-in"));
        Assert.Empty(page.Visible("sign-in-secret").GetDomProperty("value") ?? string.Empty);
        page.Screenshot("console-refused.png");
    }

    [SkippableFact]
    public void A_wrong_secret_is_refused()
    {
        var page = Page();

        page.SignIn(GatewayFixture.AdminKey, "not-the-admin-secret-not-the-admin-secret");

        page.WaitForText("error", "403");
        Assert.False(page.IsShown("workspace"));
    }

    [SkippableFact]
    public async Task Creating_an_app_shows_its_secret_and_first_appcode_once_and_they_work()
    {
        var page = Page();
        page.SignIn(GatewayFixture.AdminKey, GatewayFixture.AdminSecret);
        var name = NewName("created");

        page.Type("create-name", name);
        page.Click("Create app");

        page.WaitForText("status", $"App {name} created.");
        var appKey = page.TextOf("once-appkey");
        var appSecret = page.TextOf("once-appsecret");
        var appCode = page.TextOf("once-appcode");
        Assert.All(new[] { appKey, appSecret, appCode }, value => Assert.False(string.IsNullOrWhiteSpace(value)));
        Assert.Equal(3, chromium.Driver.FindElements(By.CssSelector("#once-values button")).Count);
        page.WaitForText("apps-table", appKey);
        page.Screenshot("console-created.png");

        using var tokens = GatewayClient.Plain(gateway.RestBase);
        using var issued = await tokens.PostAsJsonAsync("v1/tokens", new { appKey, appSecret });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);

        page.Click("I have copied them");
        Assert.False(page.IsShown("once"));
        Assert.Empty(chromium.Driver.FindElements(By.Id("once-appsecret")));
    }

    [SkippableFact]
    public async Task Granting_a_route_with_the_route_editor_lets_the_app_call_it_and_nothing_else()
    {
        var page = Page();
        page.SignIn(GatewayFixture.AdminKey, GatewayFixture.AdminSecret);
        var name = NewName("granted");
        page.Type("create-name", name);
        page.Click("Create app");
        page.WaitForText("status", "created");
        var appCode = page.TextOf("once-appcode");
        page.Click("I have copied them");

        page.Click($"Open {name}");
        page.WaitForText("app-title", name);
        page.Type("route-path-1", "/echo/console/*");
        page.Click("Add a route");
        page.Type("route-path-2", "/echo/console-extra");
        page.Click("Grant");

        page.WaitForText("grants-table", "GET /echo/console/*");
        page.WaitForText("grants-table", "* /echo/console-extra");
        page.Screenshot("console-granted.png", "grant-form");
        using var client = GatewayClient.Signed(gateway.RestBase, SigningCredentials.ForAppCode(appCode));
        using var allowed = await client.GetAsync("echo/console/x");
        using var otherMethod = await client.PostAsync("echo/console/x", new StringContent("{}"));
        using var elsewhere = await client.GetAsync("echo/hello");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherMethod.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);

        page.Click("Revoke access to */*");
        page.WaitForText("grants-table", "No authorizations.");
    }

    [SkippableFact]
    public async Task Resetting_the_secret_shows_the_new_one_once_and_keeps_the_old_one_for_the_grace_period()
    {
        var page = Page();
        page.SignIn(GatewayFixture.AdminKey, GatewayFixture.AdminSecret);
        var name = NewName("reset");
        page.Type("create-name", name);
        page.Click("Create app");
        page.WaitForText("status", "created");
        var appKey = page.TextOf("once-appkey");
        var oldSecret = page.TextOf("once-appsecret");
        page.Click("I have copied them");
        page.Click($"Open {name}");
        page.WaitForText("app-title", name);

        page.Type("reset-grace", "600");
        page.Click("Reset secret");

        page.WaitForText("status", "the old secret works until");
        var newSecret = page.TextOf("once-appsecret");
        Assert.NotEqual(oldSecret, newSecret);
        page.WaitForText("app-details", "Old secret works until");
        page.Screenshot("console-reset.png");
        using var tokens = GatewayClient.Plain(gateway.RestBase);
        using var withNew = await tokens.PostAsJsonAsync("v1/tokens", new { appKey, appSecret = newSecret });
        using var withOld = await tokens.PostAsJsonAsync("v1/tokens", new { appKey, appSecret = oldSecret });
        Assert.Equal(HttpStatusCode.Created, withNew.StatusCode);
        Assert.Equal(HttpStatusCode.Created, withOld.StatusCode);
    }

    [SkippableFact]
    public async Task Disabling_an_app_and_managing_its_appcodes_go_through_the_api()
    {
        var page = Page();
        page.SignIn(GatewayFixture.AdminKey, GatewayFixture.AdminSecret);
        var name = NewName("codes");
        page.Type("create-name", name);
        page.Click("Create app");
        page.WaitForText("status", "created");
        page.Click("I have copied them");
        page.Click($"Open {name}");
        page.WaitForText("app-title", name);

        page.Click("Add an AppCode");
        page.WaitForText("status", "AppCode added.");
        Assert.False(string.IsNullOrWhiteSpace(page.TextOf("once-appcode")));
        page.Click("I have copied them");
        Assert.Equal(2, page.Rows("codes-table"));
        chromium.Driver.FindElements(By.CssSelector("#codes-table tbody button"))[0].Click();
        page.WaitForText("status", "revoked");
        Assert.Equal(1, page.Rows("codes-table"));

        page.Click("Disable app");
        page.WaitForText("status", "is now disabled");
        page.WaitForText("app-toggle", "Enable app");

        var appId = chromium.Driver.FindElement(By.CssSelector("#app-details dd")).Text;
        using var admin = Admin();
        var app = await GatewayClient.JsonAsync(await admin.GetAsync($"v1/apps/{appId}"));
        var codes = await GatewayClient.JsonAsync(await admin.GetAsync($"v1/apps/{appId}/appcodes"));
        Assert.Equal("disabled", app.GetProperty("status").GetString());
        Assert.Equal(1, codes.GetProperty("items").GetArrayLength());
    }

    [SkippableFact]
    public async Task Api_settings_are_edited_through_the_api()
    {
        var page = Page();
        page.SignIn(GatewayFixture.AdminKey, GatewayFixture.AdminSecret);
        var apiId = NewName("console-api");

        page.Click("API settings");
        page.Type("api-id", apiId);
        page.Visible("scheme-appcode").Click();
        page.Visible("scheme-token").Click();
        page.Type("api-ttl", "3600");
        page.Visible("api-body").SendKeys("backend");
        page.Click("Save settings");

        page.WaitForText("status", $"Settings of {apiId} saved.");
        page.WaitForText("apis-table", apiId);
        page.Screenshot("console-api-settings.png");
        using var admin = Admin();
        var settings = await GatewayClient.JsonAsync(await admin.GetAsync($"v1/apis/{apiId}"));
        Assert.Equal(["appcode", "token"], settings.GetProperty("allowedSchemes").EnumerateArray().Select(s => s.GetString()!).ToArray());
        Assert.Equal(3600, settings.GetProperty("tokenTtlSeconds").GetInt32());
        Assert.Equal("backend", settings.GetProperty("bodySignatures").GetString());
    }

    [SkippableFact]
    public async Task Saving_an_apis_settings_keeps_its_jwt_section_which_the_console_has_no_form_for()
    {
        var page = Page();
        var apiId = NewName("console-jwt");
        using var admin = Admin();
        using var signer = Authorizer.Core.Jwt.JwtSigner.Create(Authorizer.Core.Jwt.JwtAlgorithm.ES256, "console-k1");
        using var created = await admin.PostAsync("v1/apps", new StringContent("{\"name\":\"console-idp\"}", System.Text.Encoding.UTF8, "application/json"));
        var appId = (await GatewayClient.JsonAsync(created)).GetProperty("appId").GetString();
        var jwt = $"{{\"jwt\":{{\"appId\":\"{appId}\",\"issuers\":[\"https://idp.example.com/\"],\"jwks\":{Authorizer.Core.Jwt.JwtSigner.Jwks(signer)}}}}}";
        using var put = await admin.PutAsync($"v1/apis/{apiId}", new StringContent(jwt, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        page.SignIn(GatewayFixture.AdminKey, GatewayFixture.AdminSecret);
        page.Click("API settings");
        page.Click($"Edit {apiId}");
        page.Type("api-ttl", "7200");
        page.Click("Save settings");

        page.WaitForText("status", $"Settings of {apiId} saved.");
        var settings = await GatewayClient.JsonAsync(await admin.GetAsync($"v1/apis/{apiId}"));
        Assert.Equal(7200, settings.GetProperty("tokenTtlSeconds").GetInt32());
        Assert.Equal(appId, settings.GetProperty("jwt").GetProperty("appId").GetString());
        Assert.Equal("console-k1", settings.GetProperty("jwt").GetProperty("jwks").GetProperty("keys")[0].GetProperty("kid").GetString());
    }

    [SkippableFact]
    public async Task A_test_token_is_issued_from_an_apps_own_credentials_and_is_accepted()
    {
        var page = Page();
        page.SignIn(GatewayFixture.AdminKey, GatewayFixture.AdminSecret);

        page.Click("Test token");
        page.Type("token-key", GatewayFixture.DemoKey);
        page.Type("token-secret", GatewayFixture.DemoSecret);
        page.Click("Issue token");

        page.WaitForText("status", "Token issued");
        var token = page.TextOf("token-value");
        using var client = GatewayClient.Signed(gateway.RestBase, SigningCredentials.ForToken(token));
        using var response = await client.GetAsync("echo/hello");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
