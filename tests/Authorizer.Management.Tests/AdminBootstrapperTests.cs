using System.Text;
using Authorizer.Core.Model;

namespace Authorizer.Management.Tests;

public sealed class AdminBootstrapperTests
{
    [Fact]
    public async Task Creates_an_enabled_admin_with_random_credentials()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryAppStore(time);
        var protector = new TestSecretProtector();
        var bootstrapper = new AdminBootstrapper(store, protector, time);

        var first = await bootstrapper.CreateAdminAsync();
        var second = await bootstrapper.CreateAdminAsync();

        var app = (await store.GetAppAsync(first.AppId))!;
        Assert.True(app.IsEnabled);
        Assert.True(app.HasRole(AppRoles.Admin));
        Assert.Equal(first.AppKey, app.AppKey);
        Assert.Equal(first.AppSecret, Encoding.UTF8.GetString(await protector.UnprotectAsync(app.AppId, app.Secrets[0].Ciphertext)));
        Assert.NotEqual(first.AppKey, second.AppKey);
        Assert.NotEqual(first.AppSecret, second.AppSecret);
        Assert.NotEqual(first.AppCode, second.AppCode);
        Assert.DoesNotContain(first.AppSecret, first.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(first.AppCode, first.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task First_admin_is_created_once()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryAppStore(time);
        var bootstrapper = new AdminBootstrapper(store, new TestSecretProtector(), time);

        Assert.NotNull(await bootstrapper.CreateFirstAdminAsync());
        Assert.Null(await bootstrapper.CreateFirstAdminAsync());
    }
}
