using System.Text.Json;
using Authorizer.Core.Model;
using Authorizer.Core.Store;
using Authorizer.TestSupport;

namespace Authorizer.Store.Tests;

/// <summary>The behaviour every <see cref="IAppStore"/> must have. Each store subclasses it once.</summary>
public abstract partial class AppStoreContractTests : IAsyncLifetime
{
    private IAppStore? _store;

    protected FakeTimeProvider Time { get; } = new(TestData.Start);

    protected IAppStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>A new, empty store reading time from <paramref name="time"/>.</summary>
    protected abstract Task<IAppStore> CreateStoreAsync(FakeTimeProvider time);

    public async Task InitializeAsync() => _store = await CreateStoreAsync(Time);

    public virtual Task DisposeAsync()
    {
        (_store as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Created_app_is_read_back_by_id_and_by_key()
    {
        var app = TestData.App();
        await Store.CreateAppAsync(app, []);

        AssertSame(app, await Store.GetAppAsync(app.AppId));
        AssertSame(app, await Store.GetAppByKeyAsync(app.AppKey));
    }

    [Fact]
    public async Task Absent_items_read_as_null_or_empty()
    {
        Assert.Null(await Store.GetAppAsync("no-such-app"));
        Assert.Null(await Store.GetAppByKeyAsync("no-such-key"));
        Assert.Null(await Store.GetAppCodeByHashAsync(new string('0', 64)));
        Assert.Null(await Store.GetApiSettingsAsync("no-such-api"));
        Assert.Empty(await Store.GetAuthorizationsForAppAsync("no-such-app"));
        Assert.Empty(await Store.ListAppCodesAsync("no-such-app"));
        Assert.False(await Store.IsTokenRevokedAsync("no-such-jti"));
        Assert.False(await Store.DeleteAppAsync("no-such-app"));
        Assert.False(await Store.DeleteAppCodeAsync("no-such-app", "no-such-code"));
        Assert.False(await Store.DeleteApiSettingsAsync("no-such-api"));
        Assert.False(await Store.DeleteAuthorizationAsync("no-such-app", "no-such-auth"));
    }

    [Fact]
    public async Task Creating_an_app_with_a_taken_app_key_conflicts_and_writes_nothing()
    {
        var first = TestData.App();
        await Store.CreateAppAsync(first, []);
        var second = TestData.App(appKey: first.AppKey);
        var code = TestData.Code(second.AppId);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreateAppAsync(second, [code]));

        Assert.Null(await Store.GetAppAsync(second.AppId));
        Assert.Null(await Store.GetAppCodeByHashAsync(code.CodeHash));
        Assert.Equal(first.AppId, (await Store.GetAppByKeyAsync(first.AppKey))?.AppId);
    }

    [Fact]
    public async Task Creating_an_app_with_a_taken_app_id_conflicts()
    {
        var first = TestData.App();
        await Store.CreateAppAsync(first, []);
        var second = TestData.App(appId: first.AppId);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreateAppAsync(second, []));

        Assert.Null(await Store.GetAppByKeyAsync(second.AppKey));
        Assert.Equal(first.AppKey, (await Store.GetAppAsync(first.AppId))?.AppKey);
    }

    [Fact]
    public async Task Creating_an_app_with_a_taken_app_code_conflicts_and_writes_nothing()
    {
        var first = TestData.App();
        var code = TestData.Code(first.AppId);
        await Store.CreateAppAsync(first, [code]);
        var second = TestData.App();
        var reused = code with { CodeId = TestData.Id("code"), AppId = second.AppId };

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.CreateAppAsync(second, [TestData.Code(second.AppId), reused]));

        Assert.Null(await Store.GetAppAsync(second.AppId));
        Assert.Null(await Store.GetAppByKeyAsync(second.AppKey));
        Assert.Empty(await Store.ListAppCodesAsync(second.AppId));
        Assert.Equal(first.AppId, (await Store.GetAppCodeByHashAsync(code.CodeHash))?.AppId);
    }

    [Fact]
    public async Task App_codes_are_found_by_hash_listed_added_and_deleted()
    {
        var app = TestData.App();
        var created = TestData.Code(app.AppId);
        await Store.CreateAppAsync(app, [created]);

        Assert.Equal(created, await Store.GetAppCodeByHashAsync(created.CodeHash));

        var added = TestData.Code(app.AppId);
        await Store.AddAppCodeAsync(added);
        Assert.Equal(added, await Store.GetAppCodeByHashAsync(added.CodeHash));
        Assert.Equal(
            new[] { created, added }.OrderBy(c => c.CodeId, StringComparer.Ordinal),
            (await Store.ListAppCodesAsync(app.AppId)).OrderBy(c => c.CodeId, StringComparer.Ordinal));

        Assert.True(await Store.DeleteAppCodeAsync(app.AppId, created.CodeId));
        Assert.Null(await Store.GetAppCodeByHashAsync(created.CodeHash));
        Assert.Equal([added], await Store.ListAppCodesAsync(app.AppId));
        Assert.False(await Store.DeleteAppCodeAsync(app.AppId, created.CodeId));
    }

    [Fact]
    public async Task Adding_a_taken_app_code_or_a_code_for_a_missing_app_conflicts()
    {
        var app = TestData.App();
        var code = TestData.Code(app.AppId);
        await Store.CreateAppAsync(app, [code]);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.AddAppCodeAsync(code with { CodeId = TestData.Id("code") }));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.AddAppCodeAsync(TestData.Code("no-such-app")));
        Assert.Single(await Store.ListAppCodesAsync(app.AppId));
    }

    [Fact]
    public async Task Update_increments_the_version_and_a_stale_version_conflicts()
    {
        var app = TestData.App();
        await Store.CreateAppAsync(app, []);
        Time.Advance(TimeSpan.FromMinutes(5));

        var updated = await Store.UpdateAppAsync(app with { Name = "Renamed", Status = AppStatus.Disabled }, app.Version);

        Assert.Equal(app.Version + 1, updated.Version);
        Assert.Equal(Time.GetUtcNow(), updated.UpdatedAt);
        AssertSame(updated, await Store.GetAppAsync(app.AppId));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.UpdateAppAsync(app with { Name = "Lost update" }, app.Version));
        Assert.Equal("Renamed", (await Store.GetAppAsync(app.AppId))?.Name);
    }

    [Fact]
    public async Task Updating_a_missing_app_conflicts_and_creates_nothing()
    {
        var app = TestData.App();

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.UpdateAppAsync(app, app.Version));

        Assert.Null(await Store.GetAppAsync(app.AppId));
        Assert.Null(await Store.GetAppByKeyAsync(app.AppKey));
    }

    [Fact]
    public async Task Changing_the_app_key_moves_the_key_mapping_and_a_taken_key_conflicts()
    {
        var app = TestData.App();
        var other = TestData.App();
        await Store.CreateAppAsync(app, []);
        await Store.CreateAppAsync(other, []);
        var newKey = TestData.Id("key");

        var moved = await Store.UpdateAppAsync(app with { AppKey = newKey }, app.Version);

        Assert.Null(await Store.GetAppByKeyAsync(app.AppKey));
        Assert.Equal(app.AppId, (await Store.GetAppByKeyAsync(newKey))?.AppId);
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.UpdateAppAsync(moved with { AppKey = other.AppKey }, moved.Version));
        Assert.Equal(other.AppId, (await Store.GetAppByKeyAsync(other.AppKey))?.AppId);
        Assert.Equal(app.AppId, (await Store.GetAppByKeyAsync(newKey))?.AppId);
    }

    [Fact]
    public async Task Deleting_an_app_cascades_to_its_key_codes_and_authorizations()
    {
        var app = TestData.App();
        var codes = new[] { TestData.Code(app.AppId), TestData.Code(app.AppId) };
        await Store.CreateAppAsync(app, codes);
        var apiId = TestData.Id("api");
        await Store.PutAuthorizationAsync(TestData.Authorization(app.AppId, apiId));
        var survivor = TestData.App();
        var survivorCode = TestData.Code(survivor.AppId);
        await Store.CreateAppAsync(survivor, [survivorCode]);
        await Store.PutAuthorizationAsync(TestData.Authorization(survivor.AppId, apiId));

        Assert.True(await Store.DeleteAppAsync(app.AppId));

        Assert.Null(await Store.GetAppAsync(app.AppId));
        Assert.Null(await Store.GetAppByKeyAsync(app.AppKey));
        foreach (var code in codes)
        {
            Assert.Null(await Store.GetAppCodeByHashAsync(code.CodeHash));
        }

        Assert.Empty(await Store.ListAppCodesAsync(app.AppId));
        Assert.Empty(await Store.GetAuthorizationsForAppAsync(app.AppId));
        var remaining = await ReadAllAsync((limit, token) => Store.ListAuthorizationsForApiAsync(apiId, limit, token), 10);
        Assert.Equal([survivor.AppId], remaining.Select(a => a.AppId));
        Assert.NotNull(await Store.GetAppCodeByHashAsync(survivorCode.CodeHash));
        Assert.False(await Store.DeleteAppAsync(app.AppId));

        // The key is free again.
        await Store.CreateAppAsync(TestData.App(appKey: app.AppKey), []);
    }

    [Fact]
    public async Task Listing_apps_pages_through_every_app_exactly_once()
    {
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var app = TestData.App();
            ids.Add(app.AppId);
            await Store.CreateAppAsync(app, [TestData.Code(app.AppId)]);
        }

        var listed = await ReadAllAsync(Store.ListAppsAsync, 3);

        Assert.Equal(ids.Order(StringComparer.Ordinal), listed.Select(a => a.AppId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Listing_with_a_garbage_token_or_a_bad_limit_is_rejected_clearly()
    {
        await Store.CreateAppAsync(TestData.App(), []);

        foreach (var token in new[] { "!!not base64!!", "bm90IGEgdG9rZW4", "", "eyJQSyI6eyJTIjoiQVBQIzEifX0" })
        {
            var apps = await Assert.ThrowsAsync<ArgumentException>(() => Store.ListAppsAsync(10, token));
            Assert.Contains("nextToken", apps.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<ArgumentException>(() => Store.ListApiSettingsAsync(10, token));
            await Assert.ThrowsAsync<ArgumentException>(() => Store.ListAuthorizationsForApiAsync("api", 10, token));
        }

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListAppsAsync(0, null));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListApiSettingsAsync(-1, null));
    }

    [Fact]
    public async Task Api_settings_are_versioned_and_a_stale_version_conflicts()
    {
        var apiId = TestData.Id("api");
        var settings = TestData.Settings(apiId);

        var first = await Store.PutApiSettingsAsync(settings, null);
        Assert.Equal(1, first.Version);
        AssertSame(first, await Store.GetApiSettingsAsync(apiId));

        Assert.Equal(BodySignatureMode.Backend, (await Store.GetApiSettingsAsync(apiId))?.BodySignatures);

        var second = await Store.PutApiSettingsAsync(settings with { AllowHmacSha1 = false, BodySignatures = BodySignatureMode.Refuse }, first.Version);
        Assert.Equal(2, second.Version);
        Assert.False((await Store.GetApiSettingsAsync(apiId))?.AllowHmacSha1);
        Assert.Equal(BodySignatureMode.Refuse, (await Store.GetApiSettingsAsync(apiId))?.BodySignatures);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.PutApiSettingsAsync(settings, first.Version));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.PutApiSettingsAsync(settings, 0));
        Assert.Equal(2, (await Store.GetApiSettingsAsync(apiId))?.Version);

        var unconditional = await Store.PutApiSettingsAsync(settings, null);
        Assert.Equal(3, unconditional.Version);

        Assert.True(await Store.DeleteApiSettingsAsync(apiId));
        Assert.Null(await Store.GetApiSettingsAsync(apiId));
        Assert.Equal(1, (await Store.PutApiSettingsAsync(settings, 0)).Version);
    }

    [Fact]
    public async Task Putting_settings_over_a_version_that_does_not_exist_conflicts()
    {
        var apiId = TestData.Id("api");

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.PutApiSettingsAsync(TestData.Settings(apiId), 4));

        Assert.Null(await Store.GetApiSettingsAsync(apiId));
    }

    [Fact]
    public async Task Listing_api_settings_pages_through_every_api_exactly_once()
    {
        var ids = new List<string> { ApiSettings.DefaultApiId };
        await Store.PutApiSettingsAsync(TestData.Settings(ApiSettings.DefaultApiId), null);
        for (var i = 0; i < 5; i++)
        {
            var apiId = TestData.Id("api");
            ids.Add(apiId);
            await Store.PutApiSettingsAsync(TestData.Settings(apiId), null);
        }

        var listed = await ReadAllAsync(Store.ListApiSettingsAsync, 2);

        Assert.Equal(ids.Order(StringComparer.Ordinal), listed.Select(s => s.ApiId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Authorizations_are_read_per_app_and_listed_per_api()
    {
        var apiId = TestData.Id("api");
        var otherApi = TestData.Id("api");
        var apps = new[] { TestData.App(), TestData.App(), TestData.App() };
        var expected = new List<AppAuthorization>();
        foreach (var app in apps)
        {
            await Store.CreateAppAsync(app, []);
            for (var i = 0; i < 2; i++)
            {
                var auth = TestData.Authorization(app.AppId, apiId);
                expected.Add(auth);
                await Store.PutAuthorizationAsync(auth);
            }

            await Store.PutAuthorizationAsync(TestData.Authorization(app.AppId, otherApi));
        }

        var forApp = await Store.GetAuthorizationsForAppAsync(apps[0].AppId);
        Assert.Equal(3, forApp.Count);
        var first = Assert.Single(forApp, a => a.AuthId == expected[0].AuthId);
        AssertSame(expected[0], first);

        var listed = await ReadAllAsync((limit, token) => Store.ListAuthorizationsForApiAsync(apiId, limit, token), 4);
        Assert.Equal(expected.Select(a => a.AuthId).Order(StringComparer.Ordinal), listed.Select(a => a.AuthId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Replacing_an_authorization_keeps_one_copy_and_deleting_removes_it()
    {
        var app = TestData.App();
        await Store.CreateAppAsync(app, []);
        var apiA = TestData.Id("api");
        var apiB = TestData.Id("api");
        var auth = TestData.Authorization(app.AppId, apiA);
        await Store.PutAuthorizationAsync(auth);

        await Store.PutAuthorizationAsync(auth with { ApiId = apiB, Stage = "*" });

        var stored = Assert.Single(await Store.GetAuthorizationsForAppAsync(app.AppId));
        Assert.Equal(apiB, stored.ApiId);
        Assert.Equal("*", stored.Stage);
        Assert.Empty((await Store.ListAuthorizationsForApiAsync(apiA, 10, null)).Items);
        Assert.Single((await Store.ListAuthorizationsForApiAsync(apiB, 10, null)).Items);

        Assert.True(await Store.DeleteAuthorizationAsync(app.AppId, auth.AuthId));
        Assert.Empty(await Store.GetAuthorizationsForAppAsync(app.AppId));
        Assert.False(await Store.DeleteAuthorizationAsync(app.AppId, auth.AuthId));
    }

    [Fact]
    public async Task Authorizing_a_missing_app_conflicts()
    {
        await Assert.ThrowsAsync<StoreConflictException>(
            () => Store.PutAuthorizationAsync(TestData.Authorization("no-such-app", "api")));
    }

    [Fact]
    public async Task Expired_authorizations_are_ignored_on_read()
    {
        var app = TestData.App();
        await Store.CreateAppAsync(app, []);
        var apiId = TestData.Id("api");
        var lasting = TestData.Authorization(app.AppId, apiId);
        var expiring = TestData.Authorization(app.AppId, apiId, TestData.Start.AddMinutes(10));
        await Store.PutAuthorizationAsync(lasting);
        await Store.PutAuthorizationAsync(expiring);

        Assert.Equal(2, (await Store.GetAuthorizationsForAppAsync(app.AppId)).Count);
        Time.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal([lasting.AuthId], (await Store.GetAuthorizationsForAppAsync(app.AppId)).Select(a => a.AuthId));
        Assert.Equal([lasting.AuthId], (await Store.ListAuthorizationsForApiAsync(apiId, 10, null)).Items.Select(a => a.AuthId));
    }

    [Fact]
    public async Task A_nonce_is_recorded_once_until_it_expires()
    {
        var expires = Time.GetUtcNow().AddMinutes(15);

        Assert.True(await Store.TryRecordNonceAsync("key-1", "nonce-1", expires));
        Assert.False(await Store.TryRecordNonceAsync("key-1", "nonce-1", expires));
        Assert.True(await Store.TryRecordNonceAsync("key-2", "nonce-1", expires));
        Assert.True(await Store.TryRecordNonceAsync("key-1", "nonce-2", expires));

        Time.Advance(TimeSpan.FromMinutes(16));
        Assert.True(await Store.TryRecordNonceAsync("key-1", "nonce-1", Time.GetUtcNow().AddMinutes(15)));
        Assert.False(await Store.TryRecordNonceAsync("key-1", "nonce-1", Time.GetUtcNow().AddMinutes(15)));
    }

    [Fact]
    public async Task Replay_fifty_concurrent_uses_of_one_nonce_record_exactly_one()
    {
        var expires = Time.GetUtcNow().AddMinutes(15);
        using var go = new ManualResetEventSlim(false);
        var attempts = Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            go.Wait();
            return await Store.TryRecordNonceAsync("replay-key", "replayed-nonce", expires);
        })).ToArray();

        go.Set();
        var results = await Task.WhenAll(attempts);

        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task A_revoked_token_reads_revoked_until_it_expires()
    {
        await Store.RevokeTokenAsync("jti-1", Time.GetUtcNow().AddMinutes(30));

        Assert.True(await Store.IsTokenRevokedAsync("jti-1"));
        Assert.False(await Store.IsTokenRevokedAsync("jti-2"));

        Time.Advance(TimeSpan.FromMinutes(31));
        Assert.False(await Store.IsTokenRevokedAsync("jti-1"));
    }

    [Fact]
    public async Task Many_threads_can_read_and_write_at_once()
    {
        var app = TestData.App();
        await Store.CreateAppAsync(app, []);

        var work = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            if (i % 2 == 0)
            {
                Assert.Equal(app.AppId, (await Store.GetAppByKeyAsync(app.AppKey))?.AppId);
            }
            else
            {
                await Store.PutAuthorizationAsync(TestData.Authorization(app.AppId, "api-" + i));
            }
        }));
        await Task.WhenAll(work);

        Assert.Equal(20, (await Store.GetAuthorizationsForAppAsync(app.AppId)).Count);
    }

    private static async Task<List<T>> ReadAllAsync<T>(Func<int, string?, CancellationToken, Task<Page<T>>> list, int limit) =>
        await ReadAllAsync((l, t) => list(l, t, CancellationToken.None), limit);

    private static async Task<List<T>> ReadAllAsync<T>(Func<int, string?, Task<Page<T>>> list, int limit)
    {
        var all = new List<T>();
        string? token = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await list(limit, token);
            Assert.True(page.Items.Count <= limit, $"A page held {page.Items.Count} items for a limit of {limit}.");
            all.AddRange(page.Items);
            token = page.NextToken;
            if (token is null)
            {
                return all;
            }
        }

        throw new InvalidOperationException("The listing never ended.");
    }

    private static void AssertSame<T>(T expected, T? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));
    }
}
