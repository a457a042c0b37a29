using System.Text;
using System.Text.Json;
using Authorizer.Core.Model;
using Authorizer.Functions.Management;

namespace Authorizer.Management.Tests;

/// <summary>The first admin of a deployed stack, created by a direct invocation of the management function.</summary>
public sealed class BootstrapInvocationTests
{
    [Fact]
    public async Task A_direct_invocation_on_a_table_without_admins_creates_one_and_answers_its_credentials()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryAppStore(time);
        var protector = new TestSecretProtector();
        using var h = await ApiHarness.CreateAsync(new InMemoryAppStore(time), protector, time);
        var function = new ManagementFunction(h.Api, new AdminBootstrapper(store, protector, time));

        var answer = await InvokeAsync(function, """{"bootstrapAdmin":{}}""");

        Assert.True(answer.GetProperty("created").GetBoolean());
        var app = await store.GetAppAsync(answer.GetProperty("appId").GetString()!);
        Assert.NotNull(app);
        Assert.True(app.IsEnabled);
        Assert.True(app.HasRole(AppRoles.Admin));
        Assert.Equal(app.AppKey, answer.GetProperty("appKey").GetString());
        Assert.Equal(answer.GetProperty("appSecret").GetString(), Encoding.UTF8.GetString(await protector.UnprotectAsync(app.AppId, app.Secrets[0].Ciphertext)));
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("appCode").GetString()));
        Assert.Equal("admin", app.Name);
        var grant = Assert.Single(await store.GetAuthorizationsForAppAsync(app.AppId));
        Assert.Equal(("*", "*"), (grant.ApiId, grant.Stage));
        Assert.Equal(AdminBootstrapper.ManagementRoute, Assert.Single(grant.Routes));
    }

    [Fact]
    public async Task With_an_enabled_admin_it_creates_nothing_and_shows_no_credentials()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryAppStore(time);
        var protector = new TestSecretProtector();
        using var h = await ApiHarness.CreateAsync(store, protector, time);
        var function = new ManagementFunction(h.Api, new AdminBootstrapper(store, protector, time));
        var before = (await store.ListAppsAsync(100, null)).Items.Count;

        var answer = await InvokeAsync(function, """{"bootstrapAdmin":{"name":"second"}}""");

        Assert.False(answer.GetProperty("created").GetBoolean());
        Assert.False(answer.TryGetProperty("appSecret", out _));
        Assert.Equal(before, (await store.ListAppsAsync(100, null)).Items.Count);
    }

    [Theory]
    [InlineData("""{"bootstrapAdmin":{"name":""}}""")]
    [InlineData("""{"bootstrapAdmin":{"name":7}}""")]
    public async Task An_unusable_name_creates_nothing(string payload)
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryAppStore(time);
        var protector = new TestSecretProtector();
        using var h = await ApiHarness.CreateAsync(new InMemoryAppStore(time), protector, time);
        var function = new ManagementFunction(h.Api, new AdminBootstrapper(store, protector, time));

        var answer = await InvokeAsync(function, payload);

        Assert.False(answer.GetProperty("created").GetBoolean());
        Assert.Empty((await store.ListAppsAsync(100, null)).Items);
    }

    [Fact]
    public async Task An_api_gateway_event_is_never_a_bootstrap_even_with_the_key_in_it()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryAppStore(time);
        var protector = new TestSecretProtector();
        using var h = await ApiHarness.CreateAsync(new InMemoryAppStore(time), protector, time);
        var function = new ManagementFunction(h.Api, new AdminBootstrapper(store, protector, time));
        var proxyEvent = """
            {"bootstrapAdmin":{},"resource":"/v1/{proxy+}","path":"/v1/apps","httpMethod":"POST","headers":{},
             "requestContext":{"stage":"Prod","apiId":"x","httpMethod":"POST","authorizer":null},
             "body":"{\"bootstrapAdmin\":{}}","isBase64Encoded":false}
            """;

        var answer = await InvokeAsync(function, proxyEvent);

        Assert.Equal(401, answer.GetProperty("statusCode").GetInt32());
        Assert.Empty((await store.ListAppsAsync(100, null)).Items);
    }

    private static async Task<JsonElement> InvokeAsync(ManagementFunction function, string json)
    {
        await using var output = await function.Handler(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        using var document = await JsonDocument.ParseAsync(output);
        return document.RootElement.Clone();
    }
}
