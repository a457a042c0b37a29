using Authorizer.Core.Decisions;
using Authorizer.Core.Tests.Support;
using Authorizer.Core.Tokens;

namespace Authorizer.Core.Tests.Tokens;

public sealed class VerifiedTokenCacheTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(TestWorld.VectorTime);
    private readonly LocalEcdsaTokenSigner _signer = LocalEcdsaTokenSigner.CreateEphemeral();
    private readonly Es256TokenValidator _es256;
    private readonly CountingValidator _inner;

    public VerifiedTokenCacheTests()
    {
        _es256 = new Es256TokenValidator([_signer.VerificationKey], _time);
        _inner = new CountingValidator(_es256);
    }

    public void Dispose()
    {
        _es256.Dispose();
        _signer.Dispose();
    }

    [Fact]
    public async Task A_repeated_token_is_answered_without_verifying_it_again()
    {
        var validator = new CachingTokenValidator(_inner, new VerifiedTokenCache(), _time);
        var issued = await IssueAsync("app-1");

        var first = validator.Validate(issued.Token);
        var second = validator.Validate(issued.Token);

        Assert.True(first.IsValid);
        Assert.Equal(first, second);
        Assert.Equal("app-1", second.AppId);
        Assert.Equal(issued.Jti, second.Jti);
        Assert.Equal(1, _inner.Calls);
    }

    [Fact]
    public async Task A_token_given_as_a_slice_of_its_header_is_the_entry_its_text_made()
    {
        var validator = new CachingTokenValidator(_inner, new VerifiedTokenCache(), _time);
        var issued = await IssueAsync("app-1");
        var header = "Bearer " + issued.Token + "x";

        var first = validator.Validate(header.AsSpan(7, issued.Token.Length), _time.GetUtcNow());
        var repeat = validator.Validate(issued.Token);
        var longer = validator.Validate(header.AsSpan(7), _time.GetUtcNow());

        Assert.True(first.IsValid);
        Assert.Equal(first, repeat);
        Assert.False(longer.IsValid);
        Assert.Equal(2, _inner.Calls);
    }

    [Fact]
    public async Task A_remembered_token_expires_when_the_validator_would_call_it_expired()
    {
        var validator = new CachingTokenValidator(_inner, new VerifiedTokenCache(), _time);
        var issued = await IssueAsync("app-1", ttlSeconds: 600);
        Assert.True(validator.Validate(issued.Token).IsValid);

        _time.Advance(TimeSpan.FromSeconds(600) + Es256TokenValidator.Leeway - TimeSpan.FromSeconds(1));
        Assert.True(validator.Validate(issued.Token).IsValid);
        Assert.Equal(1, _inner.Calls);

        _time.Advance(TimeSpan.FromSeconds(1));
        var expired = validator.Validate(issued.Token);
        Assert.False(expired.IsValid);
        Assert.Equal(ErrorCodes.TokenExpired, expired.ErrorCode);
        Assert.Equal(2, _inner.Calls);
    }

    [Fact]
    public async Task A_token_differing_in_one_character_is_verified_and_refused()
    {
        var validator = new CachingTokenValidator(_inner, new VerifiedTokenCache(), _time);
        var issued = await IssueAsync("app-1");
        Assert.True(validator.Validate(issued.Token).IsValid);
        var last = issued.Token[^1];
        var tampered = issued.Token[..^1] + (last == 'A' ? 'B' : 'A');

        var result = validator.Validate(tampered);

        Assert.False(result.IsValid);
        Assert.Equal(ErrorCodes.InvalidToken, result.ErrorCode);
        Assert.Equal(2, _inner.Calls);
    }

    [Fact]
    public void Refused_tokens_are_not_remembered()
    {
        var cache = new VerifiedTokenCache();
        var validator = new CachingTokenValidator(_inner, cache, _time);

        Assert.False(validator.Validate("a.b.c").IsValid);
        Assert.False(validator.Validate("a.b.c").IsValid);

        Assert.Equal(2, _inner.Calls);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task The_cache_holds_no_more_than_its_capacity()
    {
        var cache = new VerifiedTokenCache(capacity: 4);
        var validator = new CachingTokenValidator(_inner, cache, _time);

        for (var i = 0; i < 20; i++)
        {
            Assert.True(validator.Validate((await IssueAsync("app-" + i)).Token).IsValid);
            Assert.InRange(cache.Count, 1, 4);
        }
    }

    [Fact]
    public async Task A_full_cache_drops_expired_tokens_first()
    {
        var cache = new VerifiedTokenCache(capacity: 2);
        var validator = new CachingTokenValidator(_inner, cache, _time);
        var shortLived = await IssueAsync("app-short", ttlSeconds: 60);
        var longLived = await IssueAsync("app-long", ttlSeconds: 3600);
        validator.Validate(shortLived.Token);
        validator.Validate(longLived.Token);

        _time.Advance(TimeSpan.FromSeconds(60) + Es256TokenValidator.Leeway);
        var fresh = await IssueAsync("app-fresh", ttlSeconds: 3600);
        validator.Validate(fresh.Token);
        var callsBefore = _inner.Calls;

        Assert.True(validator.Validate(longLived.Token).IsValid);
        Assert.True(validator.Validate(fresh.Token).IsValid);
        Assert.Equal(callsBefore, _inner.Calls);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task Concurrent_validations_of_many_tokens_all_get_their_own_result_as_text_or_as_a_header_slice()
    {
        var validator = new CachingTokenValidator(_es256, new VerifiedTokenCache(capacity: 64), _time);
        var tokens = new IssuedToken[200];
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = await IssueAsync("app-" + i);
        }

        var wrong = 0;
        await SimultaneousThreads.RunAsync(4, w =>
        {
            for (var round = 0; round < 5; round++)
            {
                for (var i = w; i < tokens.Length + w; i++)
                {
                    var token = tokens[i % tokens.Length];
                    var result = (i + round) % 2 == 0
                        ? validator.Validate(token.Token)
                        : validator.Validate(("Bearer " + token.Token + " ").AsSpan(7, token.Token.Length), _time.GetUtcNow());
                    if (!result.IsValid || result.AppId != token.AppId || result.Jti != token.Jti)
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
            }
        });

        Assert.Equal(0, wrong);
    }

    [Fact]
    public async Task A_remembered_token_is_refused_once_revoked_and_its_route_is_still_checked()
    {
        var world = await TestWorld.CreateAsync(new CachingTokenValidator(_inner, new VerifiedTokenCache(), _time), grant: false);
        await world.GrantAsync(TestWorld.AuthId, TestWorld.AppId, TestWorld.ApiId, "*", [new Authorizer.Core.Model.RouteGrant("GET", "/echo/*")]);
        var issued = await IssueAsync(TestWorld.AppId);
        AuthDecision Call(string method) => world.AuthorizeAsync(TestWorld.TokenEvent("Bearer " + issued.Token, method)).AsTask().GetAwaiter().GetResult();

        Assert.Equal(DecisionOutcome.Allow, Call("GET").Outcome);
        Assert.Equal(ErrorCodes.NotAuthorized, Call("DELETE").ErrorCode);
        await world.Store.RevokeTokenAsync(issued.Jti, issued.ExpiresAt);

        // The engine trusts its last revocation read for a bounded time (TokenRevocationCacheTests).
        world.Clock.Advance(AuthorizerOptions.Default.TokenRevocationStaleness);
        _time.Advance(AuthorizerOptions.Default.TokenRevocationStaleness);
        var revoked = Call("GET");

        Assert.Equal(ErrorCodes.TokenRevoked, revoked.ErrorCode);
        Assert.Equal(1, _inner.Calls);
    }

    private ValueTask<IssuedToken> IssueAsync(string appId, int ttlSeconds = 3600) =>
        new TokenIssuer(_signer, _time).IssueAsync(appId, ttlSeconds);

    private sealed class CountingValidator(ITokenValidator inner) : ITokenValidator
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public TokenValidationResult Validate(string token)
        {
            Interlocked.Increment(ref _calls);
            return inner.Validate(token);
        }
    }
}
