using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using static Authorizer.Core.Tests.Support.TestWorld;

namespace Authorizer.Core.Tests;

/// <summary>
/// <c>{param}</c> is exactly one non-empty segment, and a method of <c>*</c> is exactly one method, in the decision
/// and in the policy that API Gateway evaluates (its own <c>*</c> spans <c>/</c>).
/// </summary>
public sealed class RouteParameterTests
{
    private const string Host = "http://api.example.com";

    [Theory]
    [InlineData("/echo/items/1/admin")]
    [InlineData("/echo/items/1/2")]
    [InlineData("/echo/items/")]
    public async Task A_parameter_grant_does_not_reach_other_segment_counts(string path)
    {
        var world = await WorldWithAsync(new RouteGrant("GET", "/echo/items/{id}"));
        var request = AppCodeRequest("GET", path);

        var decision = await world.AuthorizeAsync(request);

        Assert.Equal(ErrorCodes.NotAuthorized, decision.ErrorCode);
    }

    [Fact]
    public async Task A_parameter_grant_policy_does_not_reach_deeper_paths_from_the_cache()
    {
        var world = await WorldWithAsync(new RouteGrant("GET", "/echo/items/{id}"));

        var decision = await world.AuthorizeAsync(AppCodeRequest("GET", "/echo/items/1"));

        Assert.Equal(DecisionOutcome.Allow, decision.Outcome);
        Assert.True(PolicyAllows(decision, AppCodeRequest("GET", "/echo/items/2").Target.Arn));
        Assert.False(PolicyAllows(decision, AppCodeRequest("GET", "/echo/items/2/admin").Target.Arn));
        Assert.False(PolicyAllows(decision, AppCodeRequest("GET", "/echo/items/").Target.Arn));
    }

    [Fact]
    public async Task An_any_method_grant_does_not_reach_longer_paths_ending_the_same_way()
    {
        var world = await WorldWithAsync(new RouteGrant("*", "/health"));

        var allowed = await world.AuthorizeAsync(AppCodeRequest("POST", "/health"));
        var deeper = await world.AuthorizeAsync(AppCodeRequest("GET", "/admin/health"));

        Assert.Equal(DecisionOutcome.Allow, allowed.Outcome);
        Assert.Equal(ErrorCodes.NotAuthorized, deeper.ErrorCode);
        Assert.False(PolicyAllows(allowed, AppCodeRequest("GET", "/admin/health").Target.Arn));
        Assert.True(PolicyAllows(allowed, AppCodeRequest("DELETE", "/health").Target.Arn));
    }

    [Fact]
    public async Task A_star_segment_spans_slashes_as_api_gateway_does()
    {
        var world = await WorldWithAsync(new RouteGrant("GET", "/echo/*"));

        var decision = await world.AuthorizeAsync(AppCodeRequest("GET", "/echo/a/b/c"));

        Assert.Equal(DecisionOutcome.Allow, decision.Outcome);
    }

    [Fact]
    public void A_parameter_grant_whose_deny_would_take_from_another_grant_falls_back_to_the_exact_arn()
    {
        AppAuthorization[] authorizations = [Auth("a", new RouteGrant("GET", "/items/{id}"), new RouteGrant("GET", "/items/{id}/details"))];
        var arn = Prefix + "GET/items/1";

        var evaluation = RouteResources.Evaluate(Target(arn), authorizations, Now);

        // GET/items/*/* would deny GET/items/1/details, which the second grant allows.
        Assert.Equal("a", evaluation.MatchingAuthorizationId);
        Assert.True(evaluation.NeedsExactArn);
        Assert.DoesNotContain(Prefix + "GET/items/*", evaluation.Resources);
        Assert.DoesNotContain(Prefix + "GET/items/*/*", evaluation.DeniedResources);
        Assert.Equal([Prefix + "GET/items/*/details"], evaluation.Resources);
        Assert.Equal([Prefix + "GET/items/*/*/details", Prefix + "GET/items//details"], evaluation.DeniedResources);
    }

    [Fact]
    public void Past_the_intersection_budget_parameter_grants_fall_back_to_the_exact_arn()
    {
        var routes = Enumerable.Range(0, 200).Select(i => new RouteGrant("GET", $"/r{i}/{{id}}")).ToArray();
        AppAuthorization[] authorizations = [Auth("many", routes)];
        var arn = Prefix + "GET/r199/7";

        var evaluation = RouteResources.Evaluate(Target(arn), authorizations, Now);

        Assert.Equal("many", evaluation.MatchingAuthorizationId);
        Assert.True(evaluation.NeedsExactArn);
        Assert.True(evaluation.Resources.Count < routes.Length);
        Assert.Null(RouteResources.Evaluate(Target(Prefix + "GET/r199/7/x"), authorizations, Now).MatchingAuthorizationId);
    }

    private const string Prefix = "arn:aws:execute-api:us-east-1:123456789012:api123/Prod/";
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddYears(56);

    private static AppAuthorization Auth(string id, params RouteGrant[] routes) => new()
    {
        AuthId = id,
        AppId = "app",
        ApiId = "api123",
        Stage = "*",
        Routes = routes,
    };

    private static Core.Requests.ApiTarget Target(string arn) =>
        Core.Requests.ApiTarget.TryParse(arn, out var target) ? target : throw new ArgumentException("bad arn " + arn);

    /// <summary>API Gateway's evaluation: some Allow resource matches and no Deny resource does.</summary>
    internal static bool PolicyAllows(AuthDecision decision, string arn) =>
        decision.Resources.Any(r => ResourceArnMatcher.Matches(r, arn)) && !decision.DeniedResources.Any(r => ResourceArnMatcher.Matches(r, arn));

    private static async Task<Support.TestWorld> WorldWithAsync(RouteGrant route)
    {
        var world = await CreateAsync(grant: false);
        await world.GrantAsync("auth-r", AppId, ApiId, Stage, [route]);
        return world;
    }

    private static Core.Requests.AuthRequest AppCodeRequest(string method, string path) =>
        Request(method, Host + path, [H("X-Apig-AppCode", AppCode)]);
}
