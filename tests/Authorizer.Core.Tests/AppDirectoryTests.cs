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
        var world = await CreateAsync();
        await world.Store.AddAppCodeAsync(new AppCodeRecord("orphan", "gone", AppCodeHasher.Hash("orphan-code"), "code", VectorTime));

        Assert.Null(await world.Directory.FindByAppCodeHashAsync(AppCodeHasher.Hash("orphan-code")));
    }

    [Fact]
    public void Constructor_rejects_nulls()
    {
        Assert.Throws<ArgumentNullException>(() => new Store.AppDirectory(null!, new PlainSecretProtector()));
    }
}
