using Authorizer.Core.Model;
using Authorizer.Core.Secrets;
using Authorizer.Core.Store;
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
    public async Task A_failed_fallback_read_does_not_fail_settings_the_api_has_of_its_own()
    {
        var store = new FailingReadsStore(new FakeTimeProvider(VectorTime)) { FailSettingsOf = ApiSettings.DefaultApiId };
        await store.PutApiSettingsAsync(new ApiSettings { ApiId = "api-y", ReplayProtection = ReplayProtection.Off }, null);
        var directory = new AppDirectory(store, new PlainSecretProtector());

        Assert.Equal(ReplayProtection.Off, (await directory.GetApiSettingsAsync("api-y")).ReplayProtection);
        await Assert.ThrowsAsync<TimeoutException>(async () => await directory.GetApiSettingsAsync("api-x"));
    }

    [Fact]
    public async Task An_app_comes_with_its_authorizations_and_a_failed_authorizations_read_only_drops_the_offer()
    {
        var world = await CreateAsync();
        var failing = new FailingReadsStore(new FakeTimeProvider(VectorTime)) { FailAuthorizations = true };
        var healthy = new AppDirectory(world.Store, new PlainSecretProtector());
        var notPrefetching = new AppDirectory(world.Store, new PlainSecretProtector(), prefetchAuthorizations: false);

        var byKey = await healthy.FindByAppKeyAsync(AppKey);
        var byId = await healthy.FindByAppIdAsync(AppId);
        var byCode = await healthy.FindByAppCodeHashAsync(AppCodeHasher.Hash(AppCode));
        var plain = await notPrefetching.FindByAppKeyAsync(AppKey);

        Assert.Equal(AuthId, Assert.Single(byKey!.Authorizations!).AuthId);
        Assert.Equal(AuthId, Assert.Single(byId!.Authorizations!).AuthId);
        Assert.Equal(AuthId, Assert.Single(byCode!.App.Authorizations!).AuthId);
        Assert.Null(plain!.Authorizations);

        await failing.CreateAppAsync(byKey.App, []);
        var withoutOffer = await new AppDirectory(failing, new PlainSecretProtector()).FindByAppIdAsync(AppId);
        Assert.Equal(AppId, withoutOffer!.App.AppId);
        Assert.Null(withoutOffer.Authorizations);
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

/// <summary>An in-memory store whose settings read for one API, or whose authorizations reads, fail.</summary>
internal sealed class FailingReadsStore(TimeProvider time) : InMemoryAppStore(time)
{
    public string? FailSettingsOf { get; init; }

    public bool FailAuthorizations { get; init; }

    public override Task<ApiSettings?> GetApiSettingsAsync(string apiId, CancellationToken cancellationToken = default) =>
        apiId == FailSettingsOf ? Task.FromException<ApiSettings?>(new TimeoutException("settings read timed out")) : base.GetApiSettingsAsync(apiId, cancellationToken);

    public override Task<IReadOnlyList<AppAuthorization>> GetAuthorizationsForAppAsync(string appId, CancellationToken cancellationToken = default) =>
        FailAuthorizations
            ? Task.FromException<IReadOnlyList<AppAuthorization>>(new TimeoutException("authorizations read timed out"))
            : base.GetAuthorizationsForAppAsync(appId, cancellationToken);
}
