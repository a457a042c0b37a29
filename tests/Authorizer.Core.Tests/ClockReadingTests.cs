using System.Text;
using Authorizer.Core.Caching;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Requests;
using Authorizer.Core.Tests.Support;
using Authorizer.Core.Tokens;
using static Authorizer.Core.Tests.Support.TestWorld;

namespace Authorizer.Core.Tests;

/// <summary>
/// A warm decision reads the clock once and hands that reading to every step (the app cache, the throttle, the
/// verifier, the token cache, route evaluation); a step that had to wait reads it again.
/// </summary>
public sealed class ClockReadingTests
{
    private const string Url = "http://127.0.0.1:3000/echo/a";

    [Theory]
    [InlineData(SchemeIds.AppCode)]
    [InlineData(SchemeIds.AppBasic)]
    [InlineData(SchemeIds.SignatureCa)]
    [InlineData(SchemeIds.SignatureSdk)]
    [InlineData(SchemeIds.Token)]
    public async Task A_warm_decision_reads_the_clock_once(string scheme)
    {
        var world = await CreateAsync();
        var clock = new CountingClock(world.Clock);
        var tokens = new CachingTokenValidator(
            new FakeTokenValidator().With("tok-1", TokenValidationResult.Success(AppId, "jti-1", world.Clock.GetUtcNow().AddHours(1), world.Clock.GetUtcNow())),
            new VerifiedTokenCache(),
            clock);
        var engine = new AuthorizerEngine(new CachingAppDirectory(world.Directory, new AppCacheOptions(), clock), world.Store, clock, AuthorizerOptions.Default, tokens);
        Assert.Equal(DecisionOutcome.Allow, (await engine.AuthorizeAsync(RequestFor(world, scheme))).Outcome);

        var warm = RequestFor(world, scheme);
        var before = clock.Readings;
        var decision = await engine.AuthorizeAsync(warm);

        Assert.Equal(DecisionOutcome.Allow, decision.Outcome);
        Assert.Equal(1, clock.Readings - before);
    }

    [Fact]
    public async Task A_cached_entry_is_judged_by_the_callers_reading_of_the_clock()
    {
        var world = await CreateAsync();
        var cache = new CachingAppDirectory(world.Directory, new AppCacheOptions { Ttl = TimeSpan.FromSeconds(60) }, world.Clock);
        var loaded = world.Clock.GetUtcNow();
        Assert.NotNull(await cache.FindByAppKeyAsync(AppKey));

        Assert.NotNull(await cache.FindByAppKeyAsync(AppKey, loaded.AddSeconds(59), CancellationToken.None));
        Assert.Equal(0, cache.Misses - 1);
        Assert.NotNull(await cache.FindByAppKeyAsync(AppKey, loaded.AddSeconds(60), CancellationToken.None));
        Assert.Equal(1, cache.Misses - 1);
    }

    [Fact]
    public async Task Concurrent_lookups_at_readings_on_both_sides_of_the_expiry_all_get_the_app_and_late_ones_never_a_hit()
    {
        var world = await CreateAsync();
        var cache = new CachingAppDirectory(world.Directory, new AppCacheOptions { Ttl = TimeSpan.FromSeconds(60) }, world.Clock);
        var loaded = world.Clock.GetUtcNow();
        Assert.NotNull(await cache.FindByAppKeyAsync(AppKey));
        var wrong = 0;
        var late = 0;
        await SimultaneousThreads.RunAsync(4, w =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                // Half the readings before the entry's expiry, half at or after it.
                var offset = (i + w) % 2 == 0 ? 59 : 60;
                if (offset == 60)
                {
                    Interlocked.Increment(ref late);
                }

                var found = cache.FindByAppKeyAsync(AppKey, loaded.AddSeconds(offset), CancellationToken.None).AsTask().GetAwaiter().GetResult();
                if (found?.App.AppId != AppId)
                {
                    Interlocked.Increment(ref wrong);
                }
            }
        });

        Assert.Equal(0, wrong);

        // The reloaded entries are stamped by the directory's own clock (still at the load), so every late reading
        // misses: the hits are at most the early readings.
        Assert.True(cache.Misses - 1 >= late, $"{cache.Misses - 1} misses for {late} readings at or past the expiry");
    }

    private static AuthRequest RequestFor(TestWorld world, string scheme) => scheme switch
    {
        SchemeIds.AppCode => Request("GET", Url, [H("Authorization", "APPCODE " + AppCode)]),
        SchemeIds.AppBasic => Request("GET", Url, [H("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(AppKey + ":" + AppSecret)))]),
        SchemeIds.Token => Request("GET", Url, [H("Authorization", "Bearer tok-1")]),
        _ => world.Signed(SignThenVerifyTests.Credentials(scheme), "GET", Url),
    };

    /// <summary>The test's clock, counting every reading of the wall clock.</summary>
    private sealed class CountingClock(TimeProvider inner) : TimeProvider
    {
        private int _readings;

        public int Readings => Volatile.Read(ref _readings);

        public override DateTimeOffset GetUtcNow()
        {
            Interlocked.Increment(ref _readings);
            return inner.GetUtcNow();
        }

        public override long GetTimestamp() => inner.GetTimestamp();

        public override long TimestampFrequency => inner.TimestampFrequency;
    }
}
