using Authorizer.Core.Model;
using Authorizer.Management;
using Authorizer.Security.Tests.Infrastructure;

namespace Authorizer.Security.Tests.Tokens;

/// <summary>No default or guessable admin credentials: every bootstrap generates fresh random ones.</summary>
public sealed class DefaultCredentialTests
{
    [Fact]
    public async Task Each_bootstrap_generates_distinct_high_entropy_credentials()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 5; i++)
        {
            var time = new FakeTimeProvider(CorpusSecrets.Now);
            var store = new InMemoryAppStore(time);
            var admin = await new AdminBootstrapper(store, new PlainSecretProtector(), time).CreateFirstAdminAsync();
            Assert.NotNull(admin);
            Assert.True(admin.AppSecret.Length >= 43, "AppSecret shorter than 32 random bytes");
            Assert.True(admin.AppCode.Length >= 32, "AppCode too short");
            Assert.True(seen.Add(admin.AppKey) && seen.Add(admin.AppSecret) && seen.Add(admin.AppCode), "credentials repeat across bootstraps");
            Assert.DoesNotContain("admin", admin.AppSecret, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(admin.AppSecret, admin.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(admin.AppCode, admin.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_second_bootstrap_creates_no_further_admin()
    {
        var time = new FakeTimeProvider(CorpusSecrets.Now);
        var store = new InMemoryAppStore(time);
        var bootstrapper = new AdminBootstrapper(store, new PlainSecretProtector(), time);
        Assert.NotNull(await bootstrapper.CreateFirstAdminAsync());
        Assert.Null(await bootstrapper.CreateFirstAdminAsync());
        var apps = await store.ListAppsAsync(100, null);
        Assert.Single(apps.Items, a => a.HasRole(AppRoles.Admin));
    }
}
