using Authorizer.Core.Decisions;
using Authorizer.Core.Signing;
using Authorizer.Security.Tests.Infrastructure;

namespace Authorizer.Security.Tests.Limits;

/// <summary>docs/authentication.md §6 limits: just inside is served, just beyond is Deny bad_request, never an exception.</summary>
public sealed class EngineLimitTests
{
    private static AuthDecision SignedCa(EngineWorld world, IReadOnlyList<KeyValuePair<string, string>> extraHeaders, IReadOnlyList<KeyValuePair<string, string>> query, IReadOnlyList<string> signed)
    {
        var baseHeaders = new List<KeyValuePair<string, string>> { new("Host", "api.example.com") };
        baseHeaders.AddRange(extraHeaders);
        var signable = new SignableRequest("GET", "/echo/a", query, baseHeaders);
        var headers = new List<KeyValuePair<string, string>>(baseHeaders);
        headers.AddRange(new RequestSigner(world.Time).Sign(
            signable,
            SigningCredentials.ForSignatureCa(CorpusSecrets.AppKey, CorpusSecrets.AppSecret),
            new SigningOptions { AdditionalSignedHeaders = signed }));
        return world.Authorize(EngineWorld.Request("GET", "/echo/a", query, headers));
    }

    [Theory]
    [InlineData(8 * 1024, true)]
    [InlineData(8 * 1024 + 1, false)]
    public void Header_value_of_8_KiB_is_the_limit(int length, bool allowed)
    {
        var world = new EngineWorld();
        var decision = SignedCa(world, [new("X-Big", new string('v', length))], [], []);
        AssertLimit(decision, allowed);
    }

    [Fact]
    public void Header_value_limit_counts_utf8_bytes()
    {
        var world = new EngineWorld();
        var decision = SignedCa(world, [new("X-Big", new string('北', 2800))], [], []);
        AssertLimit(decision, allowed: false);
    }

    [Theory]
    [InlineData(95, true)]
    [InlineData(97, false)]
    public void At_most_100_signed_headers(int custom, bool allowed)
    {
        // The signer adds x-ca-key, x-ca-nonce, x-ca-signature-method and x-ca-timestamp.
        var world = new EngineWorld();
        var extra = Enumerable.Range(0, custom).Select(i => new KeyValuePair<string, string>($"x-h{i:D3}", "v")).ToList();
        var decision = SignedCa(world, extra, [], extra.Select(h => h.Key).ToList());
        AssertLimit(decision, allowed);
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(201, false)]
    public void At_most_200_query_parameters(int count, bool allowed)
    {
        var world = new EngineWorld();
        var query = Enumerable.Range(0, count).Select(i => new KeyValuePair<string, string>($"p{i}", "v")).ToList();
        AssertLimit(SignedCa(world, [], query, []), allowed);
    }

    [Fact]
    public void Huge_numbers_of_headers_and_parameters_are_denied_quickly()
    {
        var world = new EngineWorld();
        var query = Enumerable.Range(0, 100_000).Select(i => new KeyValuePair<string, string>($"p{i}", "v")).ToList();
        var headers = Enumerable.Range(0, 10_000).Select(i => new KeyValuePair<string, string>($"x-h{i}", "v")).ToList();
        headers.Add(new("Authorization", "APPCODE " + EngineWorld.AppCode));
        var decision = world.Authorize(EngineWorld.Request("GET", "/echo/a", query, headers));
        Assert.Equal(ErrorCodes.BadRequest, decision.ErrorCode);
    }

    [Fact]
    public void An_overlong_nonce_is_denied()
    {
        var world = new EngineWorld();
        var signable = new SignableRequest("GET", "/echo/a", [], [new("Host", "api.example.com")]);
        var headers = new List<KeyValuePair<string, string>>(signable.Headers);
        headers.AddRange(new RequestSigner(world.Time).Sign(
            signable,
            SigningCredentials.ForSignatureCa(CorpusSecrets.AppKey, CorpusSecrets.AppSecret),
            new SigningOptions { Nonce = new string('n', 65) }));
        Assert.Equal(ErrorCodes.InvalidNonce, world.Authorize(EngineWorld.Request("GET", "/echo/a", headers: headers)).ErrorCode);
    }

    private static void AssertLimit(AuthDecision decision, bool allowed)
    {
        if (allowed)
        {
            Assert.True(decision.Outcome == DecisionOutcome.Allow, $"{decision.ErrorCode} {decision.ErrorMessage}");
        }
        else
        {
            Assert.Equal(DecisionOutcome.Deny, decision.Outcome);
            Assert.Equal(ErrorCodes.BadRequest, decision.ErrorCode);
        }
    }
}
