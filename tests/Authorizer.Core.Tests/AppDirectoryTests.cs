using Authorizer.Core.Model;
using Authorizer.Core.Secrets;
using Authorizer.Core.Tests.Support;
using static Authorizer.Core.Tests.Support.TestWorld;

namespace Authorizer.Core.Tests;

public sealed class AppDirectoryTests
{
    [Fact]
    public async Task Settings_fall_back_to_the_default_record_then_the_built_in_default()
    {
        var world = await CreateAsync();

        var builtIn = await world.Directory.GetApiSettingsAsync("api-x");
        await world.PutSettingsAsync(new ApiSettings { ApiId = ApiSettings.DefaultApiId, AllowHmacSha1 = true });
        await world.PutSettingsAsync(new ApiSettings { ApiId = "api-y", ReplayProtection = ReplayProtection.Off });
        var fromDefault = await world.Directory.GetApiSettingsAsync("api-x");
        var own = await world.Directory.GetApiSettingsAsync("api-y");

        Assert.Equal(ApiSettings.BuiltInDefault("api-x"), builtIn);
        Assert.True(fromDefault.AllowHmacSha1);
        Assert.Equal(ReplayProtection.Off, own.ReplayProtection);
        Assert.False(own.AllowHmacSha1);
    }

    [Fact]
    public async Task Apps_resolve_by_key_id_and_appcode_hash_with_decrypted_secrets()
    {
        var world = await CreateAsync();

        var byKey = await world.Directory.FindByAppKeyAsync(AppKey);
        var byId = await world.Directory.FindByAppIdAsync(AppId);
        var byCode = await world.Directory.FindByAppCodeHashAsync(AppCodeHasher.Hash(AppCode));

        Assert.Equal(AppId, byKey!.App.AppId);
        Assert.Equal(AppSecret, System.Text.Encoding.UTF8.GetString(byKey.Secrets[0].Secret));
        Assert.Equal(AppKey, byId!.App.AppKey);
        Assert.Equal(AppId, byCode!.App.App.AppId);
        Assert.Null(await world.Directory.FindByAppKeyAsync("nope"));
        Assert.Null(await world.Directory.FindByAppCodeHashAsync(AppCodeHasher.Hash("nope")));
    }

    [Fact]
    public async Task Appcode_of_a_deleted_app_resolves_to_nothing()
    {
        var store = new MidDeleteStore(new FakeTimeProvider(VectorTime));
        var hash = AppCodeHasher.Hash("orphan-code");
        await store.CreateAppAsync(
            new AppRecord { AppId = "gone", Name = "Gone", AppKey = "gone-key", Secrets = [] },
            [new AppCodeRecord("orphan", "gone", hash, "code", VectorTime)]);
        var directory = new Store.AppDirectory(store, new PlainSecretProtector());

        Assert.NotNull(await store.GetAppCodeByHashAsync(hash));
        Assert.Null(await directory.FindByAppCodeHashAsync(hash));
    }

    [Fact]
    public void Constructor_rejects_nulls()
    {
        Assert.Throws<ArgumentNullException>(() => new Store.AppDirectory(null!, new PlainSecretProtector()));
    }

    /// <summary>
    /// Reads as a DynamoDB table does between the steps of its app delete: the app item is gone, its AppCode
    /// items not yet. The contract forbids creating such an orphan directly, so this store hides every app.
    /// </summary>
    private sealed class MidDeleteStore(TimeProvider time) : InMemoryAppStore(time)
    {
        public override Task<AppRecord?> GetAppAsync(string appId, CancellationToken cancellationToken = default) =>
            Task.FromResult<AppRecord?>(null);
    }
}
