using System.Security.Cryptography;
using Authorizer.Core.Caching;
using Authorizer.Core.Model;
using Authorizer.Core.Secrets;
using Authorizer.Core.Store;
using Authorizer.Store.Sqlite;
using Authorizer.TestSupport;
using Xunit.Abstractions;

namespace Authorizer.Store.Tests;

public sealed class CachingAppDirectoryTests(ITestOutputHelper output)
{
    private readonly FakeTimeProvider _time = new(TestData.Start);

    [Fact]
    public async Task A_warm_cache_reads_the_store_rarely_per_thousand_lookups_of_one_app()
    {
        var dir = Path.Combine(Path.GetTempPath(), "authorizer-cache-tests", Guid.NewGuid().ToString("N"));
        try
        {
            using var sqlite = new SqliteAppStore(Path.Combine(dir, "apps.db"), _time);
            using var protector = new AesGcmSecretProtector(RandomNumberGenerator.GetBytes(32));
            var app = TestData.App();
            app = app with { Secrets = [new StoredSecret(await protector.ProtectAsync(app.AppId, RandomNumberGenerator.GetBytes(32)), null)] };
            await sqlite.CreateAppAsync(app, []);
            var store = new CountingAppStore(sqlite);
            var cache = new CachingAppDirectory(new AppDirectory(store, protector), new AppCacheOptions(), _time);
            Assert.NotNull(await cache.FindByAppKeyAsync(app.AppKey));
            var before = store.Reads;

            // 1000 requests over 100 s of clock time: the 60 s TTL forces a refresh or two, nothing more.
            for (var i = 0; i < 1000; i++)
            {
                _time.Advance(TimeSpan.FromMilliseconds(100));
                var found = await cache.FindByAppKeyAsync(app.AppKey);
                Assert.Equal(app.AppId, found?.App.AppId);
            }

            var reads = store.Reads - before;
            var misses = cache.Misses - 1;
            output.WriteLine($"store reads per 1000 lookups of one app through a warm cache (100 s of clock time, 60 s TTL): {reads}");
            Assert.InRange(reads, 1, 20);

            // Each refresh reads the app and, with it, its authorizations.
            Assert.Equal(2 * misses, reads);
            Assert.Equal(1000 - misses, cache.Hits);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_burst_of_concurrent_misses_for_one_key_makes_one_inner_read()
    {
        var inner = new ScriptedDirectory { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var app = Resolved();
        inner.AppsByKey[app.App.AppKey] = app;
        var cache = new CachingAppDirectory(inner, new AppCacheOptions(), _time);

        var lookups = Enumerable.Range(0, 50).Select(_ => Task.Run(async () => await cache.FindByAppKeyAsync(app.App.AppKey))).ToArray();
        // Every lookup has joined a read in flight (the inner read cannot finish before the gate opens).
        while (cache.Misses < 50)
        {
            await Task.Yield();
        }

        inner.Gate.SetResult();
        var results = await Task.WhenAll(lookups);

        Assert.Equal(1, inner.Calls);
        Assert.All(results, r => Assert.Same(app, r));
    }

    [Fact]
    public async Task Concurrent_hits_from_many_threads_are_each_counted_once()
    {
        var inner = new ScriptedDirectory();
        var app = Resolved();
        inner.AppsByKey[app.App.AppKey] = app;
        var cache = new CachingAppDirectory(inner, new AppCacheOptions(), _time);
        Assert.Same(app, await cache.FindByAppKeyAsync(app.App.AppKey));

        // Hits are counted per processor stripe and summed on read: none may be lost or counted twice.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                Assert.Same(app, await cache.FindByAppKeyAsync(app.App.AppKey));
            }
        })));

        Assert.Equal(40_000, cache.Hits);
        Assert.Equal(1, cache.Misses);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Unknown_keys_and_codes_are_cached_as_unknown_for_the_negative_ttl()
    {
        var inner = new ScriptedDirectory();
        var options = new AppCacheOptions { NegativeTtl = TimeSpan.FromSeconds(10) };
        var cache = new CachingAppDirectory(inner, options, _time);

        Assert.Null(await cache.FindByAppKeyAsync("unknown"));
        Assert.Null(await cache.FindByAppKeyAsync("unknown"));
        Assert.Null(await cache.FindByAppCodeHashAsync("feed"));
        Assert.Null(await cache.FindByAppCodeHashAsync("feed"));
        Assert.Equal(2, inner.Calls);
        Assert.Equal(2, cache.Hits);

        // The key is registered meanwhile; it becomes visible once the negative entry lapses.
        var app = Resolved("unknown");
        inner.AppsByKey["unknown"] = app;
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Null(await cache.FindByAppKeyAsync("unknown"));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Same(app, await cache.FindByAppKeyAsync("unknown"));
        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public async Task Found_apps_are_served_until_the_ttl_then_read_again()
    {
        var inner = new ScriptedDirectory();
        var first = Resolved("key-1");
        inner.AppsByKey["key-1"] = first;
        var cache = new CachingAppDirectory(inner, new AppCacheOptions { Ttl = TimeSpan.FromSeconds(60) }, _time);

        Assert.Same(first, await cache.FindByAppKeyAsync("key-1"));
        var second = Resolved("key-1");
        inner.AppsByKey["key-1"] = second;
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Same(first, await cache.FindByAppKeyAsync("key-1"));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Same(second, await cache.FindByAppKeyAsync("key-1"));
        Assert.Equal(2, inner.Calls);
        Assert.Equal(2, cache.Misses);
        Assert.Equal(1, cache.Hits);
    }

    [Fact]
    public async Task Settings_and_authorizations_are_cached_per_id()
    {
        var inner = new ScriptedDirectory();
        var cache = new CachingAppDirectory(inner, new AppCacheOptions(), _time);

        Assert.Equal("api-1", (await cache.GetApiSettingsAsync("api-1")).ApiId);
        Assert.Equal("api-1", (await cache.GetApiSettingsAsync("api-1")).ApiId);
        Assert.Equal("api-2", (await cache.GetApiSettingsAsync("api-2")).ApiId);
        Assert.Empty(await cache.GetAuthorizationsAsync("app-1"));
        Assert.Empty(await cache.GetAuthorizationsAsync("app-1"));

        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public async Task Authorizations_read_with_an_app_answer_the_next_authorizations_lookup_and_leave_the_cached_app()
    {
        var inner = new ScriptedDirectory();
        var app = Resolved("key-1");
        var granted = new[] { TestData.Authorization(app.App.AppId, "api-1") };
        inner.AppsByKey["key-1"] = app with { Authorizations = granted };
        inner.Codes["feed"] = new ResolvedAppCode(app with { Authorizations = granted }, TestData.Code(app.App.AppId));
        var cache = new CachingAppDirectory(inner, new AppCacheOptions(), _time);

        var found = await cache.FindByAppKeyAsync("key-1");
        var authorizations = await cache.GetAuthorizationsAsync(app.App.AppId);
        var byCode = await cache.FindByAppCodeHashAsync("feed");

        Assert.Null(found!.Authorizations);
        Assert.Null(byCode!.App.Authorizations);
        Assert.Same(granted, authorizations);
        Assert.Equal(2, inner.Calls);

        // The offer lives as long as an entry the engine's own lookup would have made.
        _time.Advance(new AppCacheOptions().Ttl + TimeSpan.FromSeconds(1));
        Assert.Empty(await cache.GetAuthorizationsAsync(app.App.AppId));
        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public async Task Offered_authorizations_do_not_replace_a_live_entry()
    {
        var inner = new ScriptedDirectory();
        var app = Resolved("key-1");
        var cache = new CachingAppDirectory(inner, new AppCacheOptions(), _time);
        var live = await cache.GetAuthorizationsAsync(app.App.AppId);
        inner.AppsByKey["key-1"] = app with { Authorizations = [TestData.Authorization(app.App.AppId, "api-1")] };

        await cache.FindByAppKeyAsync("key-1");

        Assert.Same(live, await cache.GetAuthorizationsAsync(app.App.AppId));
    }

    [Fact]
    public async Task Failures_are_not_cached()
    {
        var inner = new ScriptedDirectory();
        var app = Resolved("key-1");
        inner.AppsByKey["key-1"] = app;
        inner.FailNextWith(new TimeoutException("store unavailable"));
        var cache = new CachingAppDirectory(inner, new AppCacheOptions(), _time);

        await Assert.ThrowsAsync<TimeoutException>(async () => await cache.FindByAppKeyAsync("key-1"));

        Assert.Same(app, await cache.FindByAppKeyAsync("key-1"));
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task The_cache_never_holds_more_than_max_entries()
    {
        var inner = new ScriptedDirectory();
        var cache = new CachingAppDirectory(inner, new AppCacheOptions { MaxEntries = 10 }, _time);

        for (var i = 0; i < 100; i++)
        {
            await cache.FindByAppKeyAsync("key-" + i);
            Assert.InRange(cache.Count, 1, 10);
        }
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        var inner = new ScriptedDirectory();
        Assert.Throws<ArgumentOutOfRangeException>(() => new CachingAppDirectory(inner, new AppCacheOptions { MaxEntries = 0 }, _time));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CachingAppDirectory(inner, new AppCacheOptions { Ttl = TimeSpan.FromSeconds(-1) }, _time));
    }

    private static ResolvedApp Resolved(string? appKey = null) =>
        new(TestData.App(appKey: appKey), [new SecretMaterial(RandomNumberGenerator.GetBytes(32), null)]);
}
