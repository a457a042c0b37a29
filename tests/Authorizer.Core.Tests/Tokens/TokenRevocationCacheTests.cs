using Authorizer.Core.Decisions;
using Authorizer.Core.Tests.Support;
using Authorizer.Core.Tokens;

namespace Authorizer.Core.Tests.Tokens;

public sealed class TokenRevocationCacheTests : IDisposable
{
    private static readonly TimeSpan Bound = AuthorizerOptions.Default.TokenRevocationStaleness;

    // The validator's clock: each test moves it together with the world's, so both see the same instant.
    private readonly FakeTimeProvider _tokenTime = new(TestWorld.VectorTime);
    private readonly LocalEcdsaTokenSigner _signer = LocalEcdsaTokenSigner.CreateEphemeral();
    private readonly Es256TokenValidator _es256;

    public TokenRevocationCacheTests()
    {
        _es256 = new Es256TokenValidator([_signer.VerificationKey], _tokenTime);
    }

    public void Dispose()
    {
        _es256.Dispose();
        _signer.Dispose();
    }

    [Fact]
    public void The_default_bound_is_a_few_seconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), Bound);
    }

    [Fact]
    public async Task A_repeat_token_within_the_bound_costs_no_revocation_read()
    {
        var world = await CreateWorldAsync();
        var issued = await IssueAsync(TestWorld.AppId);

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(DecisionOutcome.Allow, (await CallAsync(world, issued.Token)).Outcome);
        }

        Assert.Equal(1, world.Store.RevocationReads);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_once_the_bound_has_passed_since_the_last_read()
    {
        var world = await CreateWorldAsync();
        var issued = await IssueAsync(TestWorld.AppId);
        Assert.Equal(DecisionOutcome.Allow, (await CallAsync(world, issued.Token)).Outcome);

        await world.Store.RevokeTokenAsync(issued.Jti, issued.ExpiresAt);
        Advance(world, Bound - TimeSpan.FromTicks(1));
        var withinBound = await CallAsync(world, issued.Token);
        Advance(world, TimeSpan.FromTicks(1));
        var atBound = await CallAsync(world, issued.Token);

        Assert.Equal(DecisionOutcome.Allow, withinBound.Outcome);
        Assert.Equal(ErrorCodes.TokenRevoked, atBound.ErrorCode);
        Assert.Equal(2, world.Store.RevocationReads);
    }

    [Fact]
    public async Task A_revoked_answer_is_kept_and_costs_no_further_reads()
    {
        var world = await CreateWorldAsync();
        var issued = await IssueAsync(TestWorld.AppId);
        await world.Store.RevokeTokenAsync(issued.Jti, issued.ExpiresAt);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(ErrorCodes.TokenRevoked, (await CallAsync(world, issued.Token)).ErrorCode);
            Advance(world, Bound);
        }

        Assert.Equal(1, world.Store.RevocationReads);
    }

    [Fact]
    public async Task A_zero_bound_reads_the_store_on_every_call()
    {
        var world = await CreateWorldAsync(AuthorizerOptions.Default with { TokenRevocationStaleness = TimeSpan.Zero });
        var issued = await IssueAsync(TestWorld.AppId);
        Assert.Equal(DecisionOutcome.Allow, (await CallAsync(world, issued.Token)).Outcome);

        await world.Store.RevokeTokenAsync(issued.Jti, issued.ExpiresAt);

        Assert.Equal(ErrorCodes.TokenRevoked, (await CallAsync(world, issued.Token)).ErrorCode);
        Assert.Equal(2, world.Store.RevocationReads);
    }

    [Fact]
    public async Task The_caches_never_carry_a_token_past_its_expiry()
    {
        var world = await CreateWorldAsync(AuthorizerOptions.Default with { TokenRevocationStaleness = TimeSpan.FromSeconds(300) });
        var issued = await IssueAsync(TestWorld.AppId, ttlSeconds: 60);
        var validity = TimeSpan.FromSeconds(60) + Es256TokenValidator.Leeway;
        Assert.Equal(DecisionOutcome.Allow, (await CallAsync(world, issued.Token)).Outcome);

        Advance(world, validity - TimeSpan.FromTicks(1));
        var lastInstant = await CallAsync(world, issued.Token);
        Advance(world, TimeSpan.FromTicks(1));
        var expired = await CallAsync(world, issued.Token);

        Assert.Equal(DecisionOutcome.Allow, lastInstant.Outcome);
        Assert.Equal(ErrorCodes.TokenExpired, expired.ErrorCode);
    }

    [Fact]
    public void A_not_revoked_answer_is_kept_no_longer_than_the_token_is_valid()
    {
        var cache = new TokenRevocationCache(TimeSpan.FromMinutes(5));
        var now = TestWorld.VectorTime;

        cache.Remember("jti-1", revoked: false, now, tokenValidUntil: now.AddSeconds(2));

        Assert.True(cache.TryGet("jti-1", now.AddSeconds(2).AddTicks(-1), out var revoked));
        Assert.False(revoked);
        Assert.False(cache.TryGet("jti-1", now.AddSeconds(2), out _));
    }

    [Fact]
    public void A_late_not_revoked_answer_does_not_replace_a_revoked_one()
    {
        var cache = new TokenRevocationCache(Bound);
        var now = TestWorld.VectorTime;

        cache.Remember("jti-1", revoked: true, now, now.AddHours(1));
        cache.Remember("jti-1", revoked: false, now, now.AddHours(1));

        Assert.True(cache.TryGet("jti-1", now, out var revoked));
        Assert.True(revoked);
    }

    [Fact]
    public void The_cache_holds_no_more_than_its_capacity()
    {
        var cache = new TokenRevocationCache(Bound, capacity: 4);
        var now = TestWorld.VectorTime;

        for (var i = 0; i < 50; i++)
        {
            cache.Remember("jti-" + i, revoked: i % 2 == 0, now, now.AddHours(1));
            Assert.InRange(cache.Count, 1, 4);
        }
    }

    [Fact]
    public void Negative_bounds_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenRevocationCache(TimeSpan.FromTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AuthorizerEngine(
            new Authorizer.Core.Store.AppDirectory(new NonceCountingAppStore(_tokenTime), new PlainSecretProtector()),
            new NonceCountingAppStore(_tokenTime),
            _tokenTime,
            AuthorizerOptions.Default with { TokenRevocationStaleness = TimeSpan.FromSeconds(-1) },
            _es256));
    }

    [Fact]
    public async Task Concurrent_repeats_see_a_revocation_within_the_bound_and_nothing_else_changes()
    {
        var world = await CreateWorldAsync();
        var tokens = new List<IssuedToken>();
        for (var i = 0; i < 32; i++)
        {
            tokens.Add(await IssueAsync(TestWorld.AppId));
        }

        var revoked = tokens.Where((_, i) => i % 2 == 0).Select(t => t.Jti).ToHashSet(StringComparer.Ordinal);
        var wrong = 0;

        async Task RunAsync(Func<IssuedToken, string?> expected)
        {
            var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                for (var n = 0; n < 400; n++)
                {
                    var token = tokens[(n * 7 + w) % tokens.Count];
                    var decision = await CallAsync(world, token.Token);
                    var code = decision.Outcome == DecisionOutcome.Allow ? null : decision.ErrorCode;
                    if (code != expected(token))
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
            })).ToArray();
            await Task.WhenAll(workers);
        }

        await RunAsync(_ => null);
        foreach (var token in tokens.Where(t => revoked.Contains(t.Jti)))
        {
            await world.Store.RevokeTokenAsync(token.Jti, token.ExpiresAt);
        }

        Advance(world, Bound);
        await RunAsync(t => revoked.Contains(t.Jti) ? ErrorCodes.TokenRevoked : null);

        Assert.Equal(0, wrong);
    }

    private static Task<AuthDecision> CallAsync(TestWorld world, string token) =>
        world.AuthorizeAsync(TestWorld.TokenEvent("Bearer " + token)).AsTask();

    private Task<TestWorld> CreateWorldAsync(AuthorizerOptions? options = null) =>
        TestWorld.CreateAsync(new CachingTokenValidator(_es256, new VerifiedTokenCache(), _tokenTime), options);

    private void Advance(TestWorld world, TimeSpan by)
    {
        world.Clock.Advance(by);
        _tokenTime.Advance(by);
    }

    private ValueTask<IssuedToken> IssueAsync(string appId, int ttlSeconds = 3600) =>
        new TokenIssuer(_signer, _tokenTime).IssueAsync(appId, ttlSeconds);
}
