using Authorizer.Core.Decisions;
using Authorizer.Core.Signing;
using Authorizer.Core.Throttling;
using Authorizer.Core.Tokens;
using Authorizer.Security.Tests.Infrastructure;

namespace Authorizer.Security.Tests.Throttling;

/// <summary>The throttle as wired into the engine: checked before verifying, fed by failed verifications.</summary>
public sealed class EngineThrottleTests
{
    private static List<KeyValuePair<string, string>> BasicHeaders(string appKey, string secret) =>
    [
        new("Host", "api.example.com"),
        new("Authorization", "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(appKey + ":" + secret))),
    ];

    private static List<KeyValuePair<string, string>> CaSigned(EngineWorld world, string secret, string nonce)
    {
        var request = new SignableRequest("GET", "/echo/a", [], [new("Host", "api.example.com")]);
        var headers = new List<KeyValuePair<string, string>>(request.Headers);
        headers.AddRange(new RequestSigner(world.Time).Sign(
            request,
            SigningCredentials.ForSignatureCa(CorpusSecrets.AppKey, secret),
            new SigningOptions { Nonce = nonce }));
        return headers;
    }

    [Fact]
    public void Twenty_bad_signatures_for_one_app_key_block_it_even_with_the_right_secret()
    {
        var world = new EngineWorld();
        for (var i = 0; i < FailureThrottleOptions.DefaultMaxFailures; i++)
        {
            var denied = world.Authorize(EngineWorld.Request("GET", "/echo/a", headers: CaSigned(world, "wrong-secret", $"bad-{i}"), sourceIp: $"198.51.100.{i}"));
            Assert.Equal(ErrorCodes.InvalidSignature, denied.ErrorCode);
        }

        // The documented trade-off: whoever knows an AppKey can lock its app out for the block duration.
        var blocked = world.Authorize(EngineWorld.Request("GET", "/echo/a", headers: CaSigned(world, CorpusSecrets.AppSecret, "good-1"), sourceIp: "203.0.113.5"));
        Assert.Equal(DecisionOutcome.Deny, blocked.Outcome);
        Assert.Equal(ErrorCodes.TooManyFailures, blocked.ErrorCode);

        world.Time.Advance(TimeSpan.FromSeconds(60));
        var after = world.Authorize(EngineWorld.Request("GET", "/echo/a", headers: CaSigned(world, CorpusSecrets.AppSecret, "good-2"), sourceIp: "203.0.113.5"));
        Assert.Equal(DecisionOutcome.Allow, after.Outcome);
    }

    [Fact]
    public void Stuffing_random_app_keys_from_one_address_blocks_the_address()
    {
        var world = new EngineWorld();
        for (var i = 0; i < FailureThrottleOptions.DefaultMaxFailures; i++)
        {
            var denied = world.Authorize(EngineWorld.Request("GET", "/echo/a", headers: BasicHeaders($"guess-{i}", "x"), sourceIp: "198.51.100.7"));
            Assert.Equal(DecisionOutcome.Deny, denied.Outcome);
            Assert.NotEqual(ErrorCodes.TooManyFailures, denied.ErrorCode);
        }

        var blocked = world.Authorize(EngineWorld.Request("GET", "/echo/a", headers: BasicHeaders(CorpusSecrets.AppKey, CorpusSecrets.AppSecret), sourceIp: "198.51.100.7"));
        Assert.Equal(ErrorCodes.TooManyFailures, blocked.ErrorCode);

        var elsewhere = world.Authorize(EngineWorld.Request("GET", "/echo/a", headers: BasicHeaders(CorpusSecrets.AppKey, CorpusSecrets.AppSecret), sourceIp: "203.0.113.9"));
        Assert.Equal(DecisionOutcome.Allow, elsewhere.Outcome);
    }

    [Fact]
    public void Appcode_guessing_is_throttled_by_address()
    {
        var world = new EngineWorld();
        for (var i = 0; i < FailureThrottleOptions.DefaultMaxFailures; i++)
        {
            world.Authorize(EngineWorld.Request("GET", "/echo/a", headers: [new("Authorization", $"APPCODE guess{i:D32}")], sourceIp: "198.51.100.8"));
        }

        var blocked = world.Authorize(EngineWorld.Request("GET", "/echo/a", headers: [new("Authorization", "APPCODE " + EngineWorld.AppCode)], sourceIp: "198.51.100.8"));
        Assert.Equal(ErrorCodes.TooManyFailures, blocked.ErrorCode);
    }

    [Fact]
    public void Successful_requests_are_never_counted()
    {
        var world = new EngineWorld();
        for (var i = 0; i < 100; i++)
        {
            var decision = world.Authorize(EngineWorld.Request("GET", "/echo/a", headers: BasicHeaders(CorpusSecrets.AppKey, CorpusSecrets.AppSecret)));
            Assert.Equal(DecisionOutcome.Allow, decision.Outcome);
        }
    }

    [Fact]
    public void Replaying_a_captured_request_does_not_lock_out_its_app_or_address()
    {
        var world = new EngineWorld();
        var captured = CaSigned(world, CorpusSecrets.AppSecret, "captured-1");
        Assert.Equal(DecisionOutcome.Allow, world.Authorize(EngineWorld.Request("GET", "/echo/a", headers: captured)).Outcome);
        for (var i = 0; i < FailureThrottleOptions.DefaultMaxFailures + 5; i++)
        {
            var replay = world.Authorize(EngineWorld.Request("GET", "/echo/a", headers: captured));
            Assert.Equal(ErrorCodes.NonceUsed, replay.ErrorCode);
        }

        var fresh = world.Authorize(EngineWorld.Request("GET", "/echo/a", headers: CaSigned(world, CorpusSecrets.AppSecret, "fresh-1")));
        Assert.Equal(DecisionOutcome.Allow, fresh.Outcome);
    }

    [Fact]
    public void Stale_timestamps_do_not_lock_out_the_app_or_address()
    {
        var world = new EngineWorld();
        var past = new FakeTimeProvider(world.Time.GetUtcNow().AddHours(-1));
        var request = new SignableRequest("GET", "/echo/a", [], [new("Host", "api.example.com")]);
        for (var i = 0; i < FailureThrottleOptions.DefaultMaxFailures + 5; i++)
        {
            var headers = new List<KeyValuePair<string, string>>(request.Headers);
            headers.AddRange(new RequestSigner(past).Sign(
                request,
                SigningCredentials.ForSignatureCa(CorpusSecrets.AppKey, CorpusSecrets.AppSecret),
                new SigningOptions { Nonce = $"stale-{i}" }));
            Assert.Equal(ErrorCodes.TimestampExpired, world.Authorize(EngineWorld.Request("GET", "/echo/a", headers: headers)).ErrorCode);
        }

        var fresh = world.Authorize(EngineWorld.Request("GET", "/echo/a", headers: CaSigned(world, CorpusSecrets.AppSecret, "fresh-2")));
        Assert.Equal(DecisionOutcome.Allow, fresh.Outcome);
    }

    [Fact]
    public void Malformed_credentials_are_not_guesses_and_do_not_count()
    {
        var world = new EngineWorld();
        for (var i = 0; i < FailureThrottleOptions.DefaultMaxFailures + 5; i++)
        {
            var malformed = world.Authorize(EngineWorld.Request("GET", "/echo/a", headers: [new("Host", "api.example.com"), new("Authorization", "Basic !!not-base64!!")]));
            Assert.Equal(ErrorCodes.InvalidCredentials, malformed.ErrorCode);
        }

        Assert.Equal(DecisionOutcome.Allow, world.Authorize(EngineWorld.Request("GET", "/echo/a", headers: BasicHeaders(CorpusSecrets.AppKey, CorpusSecrets.AppSecret))).Outcome);
    }

    [Fact]
    public async Task Forged_token_signatures_count_and_malformed_tokens_do_not()
    {
        using var signer = LocalEcdsaTokenSigner.CreateEphemeral();
        using var forger = LocalEcdsaTokenSigner.CreateEphemeral();
        var time = new FakeTimeProvider(CorpusSecrets.Now);
        using var validator = new Es256TokenValidator([signer.VerificationKey], time);
        var world = new EngineWorld(tokens: validator);
        var good = (await new TokenIssuer(signer, world.Time).IssueAsync(EngineWorld.AppId)).Token;
        var forged = (await new TokenIssuer(forger, world.Time).IssueAsync(EngineWorld.AppId)).Token;

        // Same kid, other key: the signature does not verify.
        var parts = forged.Split('.');
        var sameKid = good.Split('.')[0] + "." + parts[1] + "." + parts[2];
        for (var i = 0; i < FailureThrottleOptions.DefaultMaxFailures + 5; i++)
        {
            Assert.Equal(ErrorCodes.InvalidToken, world.Authorize(EngineWorld.Request("GET", "/echo/a", headers: [new("Authorization", "Bearer not-a-token")], sourceIp: "198.51.100.30")).ErrorCode);
        }

        Assert.Equal(DecisionOutcome.Allow, world.Authorize(EngineWorld.Request("GET", "/echo/a", headers: [new("Authorization", "Bearer " + good)], sourceIp: "198.51.100.30")).Outcome);

        for (var i = 0; i < FailureThrottleOptions.DefaultMaxFailures; i++)
        {
            Assert.Equal(ErrorCodes.InvalidToken, world.Authorize(EngineWorld.Request("GET", "/echo/a", headers: [new("Authorization", "Bearer " + sameKid)], sourceIp: "198.51.100.31")).ErrorCode);
        }

        Assert.Equal(ErrorCodes.TooManyFailures, world.Authorize(EngineWorld.Request("GET", "/echo/a", headers: [new("Authorization", "Bearer " + good)], sourceIp: "198.51.100.31")).ErrorCode);
    }

    [Fact]
    public void Disabled_throttling_never_denies_for_failures()
    {
        var world = new EngineWorld(EngineWorld.Unthrottled);
        for (var i = 0; i < 50; i++)
        {
            world.Authorize(EngineWorld.Request("GET", "/echo/a", headers: BasicHeaders(CorpusSecrets.AppKey, "wrong")));
        }

        Assert.Equal(DecisionOutcome.Allow, world.Authorize(EngineWorld.Request("GET", "/echo/a", headers: BasicHeaders(CorpusSecrets.AppKey, CorpusSecrets.AppSecret))).Outcome);
    }
}
