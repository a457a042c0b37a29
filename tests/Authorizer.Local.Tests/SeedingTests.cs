using System.Text;
using Authorizer.Core.Model;
using Authorizer.Core.Secrets;
using Authorizer.Local.Commands;
using Authorizer.Local.Seeding;
using Authorizer.Store.Sqlite;

namespace Authorizer.Local.Tests;

public sealed class SeedingTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "authorizer-seed-tests-" + Guid.NewGuid().ToString("N"));

    public SeedingTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_demo_seed_stores_an_app_whose_credentials_resolve_and_that_may_call_the_echo_routes()
    {
        using var store = new SqliteAppStore(Path.Combine(_directory, "local.db"), TimeProvider.System);
        using var protector = AesGcmSecretProtector.FromKeyFile(Path.Combine(_directory, "secret.key"));
        var seed = DemoSeed.Create();
        var demo = Assert.Single(seed.Apps);

        var results = await new Seeder(store, protector, TimeProvider.System).SeedAsync(seed, CancellationToken.None);

        Assert.True(Assert.Single(results.Apps).Created);
        var app = await store.GetAppByKeyAsync(demo.AppKey);
        Assert.NotNull(app);
        Assert.Equal(demo.AppSecret, Encoding.UTF8.GetString(await protector.UnprotectAsync(app.AppId, app.Secrets[0].Ciphertext)));
        Assert.Equal(app.AppId, (await store.GetAppCodeByHashAsync(AppCodeHasher.Hash(demo.AppCodes[0])))?.AppId);
        var grant = Assert.Single(await store.GetAuthorizationsForAppAsync(app.AppId));
        Assert.Equal(("*", "*"), (grant.ApiId, grant.Stage));
        Assert.Equal(new RouteGrant("*", "/echo/*"), Assert.Single(grant.Routes));
        Assert.Equal(AppCodeLocation.HeaderAndQuery, (await store.GetApiSettingsAsync("*"))?.AppCodeLocation);
    }

    [Fact]
    public async Task Seeding_twice_keeps_the_existing_app()
    {
        using var store = new SqliteAppStore(Path.Combine(_directory, "local.db"), TimeProvider.System);
        using var protector = AesGcmSecretProtector.FromKeyFile(Path.Combine(_directory, "secret.key"));
        var seed = DemoSeed.Create();
        var seeder = new Seeder(store, protector, TimeProvider.System);

        var first = await seeder.SeedAsync(seed, CancellationToken.None);
        var second = await seeder.SeedAsync(seed, CancellationToken.None);

        Assert.False(Assert.Single(second.Apps).Created);
        Assert.Equal(first.Apps[0].AppId, second.Apps[0].AppId);
        Assert.Empty(second.KeptApiSettings);
    }

    [Fact]
    public async Task Start_api_with_an_invalid_seed_stops_with_the_field_named()
    {
        var seedPath = Path.Combine(_directory, "bad-seed.json");
        await File.WriteAllTextAsync(seedPath, """{"apps":[{"name":"a","appSecret":"0123456789abcdef0123"}]}""");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await CommandLine.RunAsync(
            ["start-api", "--port", "0", "--seed", seedPath, "--template", RepositoryPaths.Template, "--store", "sqlite:" + Path.Combine(_directory, "x.db")],
            stdout,
            stderr);

        Assert.Equal(1, exit);
        Assert.Contains("apps[0].appKey: required", stderr.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "x.db")));
    }
}
