using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Signing;
using Authorizer.Security.Tests.Infrastructure;

namespace Authorizer.Security.Tests.Bypass;

/// <summary>
/// An app granted only <c>/echo/public/*</c> must not reach <c>/echo/admin</c> by a path that one component
/// normalizes and another does not. Each request is validly signed over exactly the path it carries, and tried
/// with the methodArn a normalizing gateway would send and with the one a literal gateway would send.
/// </summary>
public sealed class PathConfusionTests
{
    private const string ArnPrefix = "arn:aws:execute-api:us-east-1:123456789012:corpusapi/Prod/GET";

    public static TheoryData<string, string> Tricks() => new()
    {
        { "/Prod/echo/public/../admin", "/echo/public/../admin" },
        { "/Prod/echo/public/%2e%2e/admin", "/echo/public/%2e%2e/admin" },
        { "/Prod/echo/public/%2E%2E/admin", "/echo/public/%2E%2E/admin" },
        { "/Prod/echo/public%2F..%2Fadmin", "/echo/public%2F..%2Fadmin" },
        { "/Prod/echo/public%2f..%2fadmin", "/echo/public%2f..%2fadmin" },
        { "/Prod/echo/public/..%2Fadmin", "/echo/public/..%2Fadmin" },
        { "/Prod/echo/public/./../admin", "/echo/public/./../admin" },
        { "/Prod/echo//admin", "/echo//admin" },
        { "/Prod//echo/admin", "//echo/admin" },
        { "/Prod/echo/public/..;/admin", "/echo/public/..;/admin" },
        { "/Prod/echo/public/..;jsessionid=1/admin", "/echo/public/..;jsessionid=1/admin" },
        { "/Prod/echo/public/.;/../admin", "/echo/public/.;/../admin" },
        { "/Prod/echo/public/.;x/admin", "/echo/public/.;x/admin" },
        { "/Prod/echo/public/%2e%2e;/admin", "/echo/public/%2e%2e;/admin" },
        { "/Prod/echo/public/..%3b/admin", "/echo/public/..%3b/admin" },
        { "/Prod/echo/public/%2E%2E%3B/admin", "/echo/public/%2E%2E%3B/admin" },
    };

    [Theory]
    [MemberData(nameof(Tricks))]
    public void Signed_tricky_path_never_reaches_admin(string wirePath, string literalArnPath)
    {
        foreach (var scheme in new[] { SchemeIds.SignatureCa, SchemeIds.SignatureSdk })
        {
            foreach (var arn in new[] { ArnPrefix + "/echo/admin", ArnPrefix + literalArnPath })
            {
                var world = new EngineWorld(routes: [new RouteGrant("GET", "/echo/public/*")]);
                var decision = world.Authorize(Signed(world, scheme, wirePath, arn));
                Assert.True(decision.Outcome != DecisionOutcome.Allow, $"{scheme} {wirePath} with {arn} was allowed");
                Assert.Equal(ErrorCodes.BadRequest, decision.ErrorCode);
            }
        }
    }

    /// <summary>
    /// A backslash is an ordinary path character (API Gateway routes it as one): a gateway that did map it to
    /// <c>/</c> would send the admin ARN, which route authorization refuses. A backend that itself treats
    /// <c>\</c> as <c>/</c> is outside what the authorizer can see (docs/SECURITY.md).
    /// </summary>
    [Theory]
    [InlineData("/Prod/echo/public/..%5Cadmin")]
    [InlineData("/Prod/echo/public/..\\admin")]
    public void Backslash_tricks_routed_to_admin_are_not_authorized(string wirePath)
    {
        foreach (var scheme in new[] { SchemeIds.SignatureCa, SchemeIds.SignatureSdk })
        {
            foreach (var arn in new[] { ArnPrefix + "/echo/admin" })
            {
                var world = new EngineWorld(routes: [new RouteGrant("GET", "/echo/public/*")]);
                var decision = world.Authorize(Signed(world, scheme, wirePath, arn));
                Assert.Equal(ErrorCodes.NotAuthorized, decision.ErrorCode);
            }
        }
    }

    [Fact]
    public void The_granted_route_itself_is_allowed()
    {
        foreach (var scheme in new[] { SchemeIds.SignatureCa, SchemeIds.SignatureSdk })
        {
            var world = new EngineWorld(routes: [new RouteGrant("GET", "/echo/public/*")]);
            var decision = world.Authorize(Signed(world, scheme, "/Prod/echo/public/page", ArnPrefix + "/echo/public/page"));
            Assert.Equal(DecisionOutcome.Allow, decision.Outcome);
        }
    }

    [Fact]
    public void A_normalized_admin_path_is_not_authorized()
    {
        var world = new EngineWorld(routes: [new RouteGrant("GET", "/echo/public/*")]);
        var decision = world.Authorize(Signed(world, SchemeIds.SignatureCa, "/Prod/echo/admin", ArnPrefix + "/echo/admin"));
        Assert.Equal(ErrorCodes.NotAuthorized, decision.ErrorCode);
    }

    [Fact]
    public void Dots_inside_a_segment_are_ordinary_characters()
    {
        var world = new EngineWorld(routes: [new RouteGrant("GET", "/echo/public/*")]);
        var decision = world.Authorize(Signed(world, SchemeIds.SignatureSdk, "/Prod/echo/public/v1.2..3", ArnPrefix + "/echo/public/v1.2..3"));
        Assert.Equal(DecisionOutcome.Allow, decision.Outcome);
    }

    private static Core.Requests.AuthRequest Signed(EngineWorld world, string scheme, string wirePath, string arn)
    {
        var signable = new SignableRequest("GET", wirePath, [], [new("Host", "api.example.com")]);
        var credentials = scheme == SchemeIds.SignatureCa
            ? SigningCredentials.ForSignatureCa(CorpusSecrets.AppKey, CorpusSecrets.AppSecret)
            : SigningCredentials.ForSignatureSdk(CorpusSecrets.AppKey, CorpusSecrets.AppSecret);
        var headers = new List<KeyValuePair<string, string>>(signable.Headers);
        headers.AddRange(new RequestSigner(world.Time).Sign(signable, credentials));
        return EngineWorld.Request("GET", wirePath, headers: headers, arn: arn);
    }
}
