using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Requests;

namespace Authorizer.Core.Tests;

public sealed class ResourceArnMatcherTests
{
    private const string Prefix = "arn:aws:execute-api:us-east-1:123456789012:api123/Prod/";

    [Theory]
    [InlineData(Prefix + "GET/echo/a", Prefix + "GET/echo/a", true)]
    [InlineData(Prefix + "GET/echo/*", Prefix + "GET/echo/a/b/c", true)]
    [InlineData(Prefix + "GET/echo/*", Prefix + "GET/echo/", true)]
    [InlineData(Prefix + "GET/echo/*", Prefix + "GET/echo", false)]
    [InlineData(Prefix + "*/echo/*", Prefix + "DELETE/echo/x", true)]
    [InlineData(Prefix + "GET/*", Prefix + "POST/echo/x", false)]
    [InlineData(Prefix + "GET/echo/?", Prefix + "GET/echo/x", true)]
    [InlineData(Prefix + "GET/echo/?", Prefix + "GET/echo/xy", false)]
    [InlineData(Prefix + "GET/echo/a", Prefix + "GET/echo/A", false)]
    [InlineData(Prefix + "GET/users/*/orders", Prefix + "GET/users/1/2/orders", true)]
    [InlineData(Prefix + "GET/users/*/orders", Prefix + "GET/users/1/orders/x", false)]
    [InlineData("*", Prefix + "GET/anything", true)]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:other/Prod/*", Prefix + "GET/a", false)]
    [InlineData(Prefix + "GET/", Prefix + "GET/", true)]
    [InlineData("", "", true)]
    [InlineData("", "x", false)]
    [InlineData("a*b*c", "aXbYbZc", true)]
    [InlineData("a*b*c", "aXbYbZ", false)]
    public void Matches_like_api_gateway(string pattern, string arn, bool expected)
    {
        Assert.Equal(expected, ResourceArnMatcher.Matches(pattern, arn));
    }

    [Fact]
    public void Pathological_pattern_finishes_quickly()
    {
        var pattern = string.Concat(Enumerable.Repeat("*a", 200)) + "b";
        var arn = new string('a', 1500);

        Assert.False(ResourceArnMatcher.Matches(pattern, arn));
    }

    [Theory]
    [InlineData("/echo/{id}", "/echo/*")]
    [InlineData("/echo/{proxy+}", "/echo/*")]
    [InlineData("/echo/*/x", "/echo/*/x")]
    [InlineData("*", "/*")]
    [InlineData("/", "/")]
    [InlineData("echo/a", "/echo/a")]
    public void Route_paths_become_arn_patterns(string path, string expected)
    {
        Assert.Equal(expected, RouteResources.PathPattern(path));
    }

    [Fact]
    public void Resources_cover_matching_active_authorizations_only_and_name_the_first_match()
    {
        Assert.True(ApiTarget.TryParse(Prefix + "GET/echo/7", out var target));
        var now = DateTimeOffset.UnixEpoch.AddYears(50);
        AppAuthorization Auth(string id, string api, string stage, DateTimeOffset? expires, params RouteGrant[] routes) => new()
        {
            AuthId = id,
            AppId = "a",
            ApiId = api,
            Stage = stage,
            Routes = routes,
            ExpiresAt = expires,
        };

        var evaluation = RouteResources.Evaluate(
            target,
            [
                Auth("expired", "api123", "Prod", now.AddSeconds(-1), new RouteGrant("*", "/*")),
                Auth("other-api", "other", "*", null, new RouteGrant("*", "/*")),
                Auth("other-stage", "api123", "Test", null, new RouteGrant("*", "/*")),
                Auth("post-only", "*", "Prod", null, new RouteGrant("post", "/echo/{id}")),
                Auth("get", "api123", "*", null, new RouteGrant("GET", "/echo/{id}"), new RouteGrant("*", "/health")),
                Auth("get-again", "api123", "Prod", null, new RouteGrant("GET", "/echo/*")),
            ],
            now);

        // GET /echo/{id} cannot be kept to one segment beside GET /echo/* (a Deny of GET/echo/*/* would take from
        // the latter), so it is left to the exact ARN; POST /echo/{id} can, with its two Deny resources.
        Assert.Equal("get", evaluation.MatchingAuthorizationId);
        Assert.False(evaluation.NeedsExactArn);
        Assert.Equal(
            [Prefix + "POST/echo/*", .. new[] { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS" }.Select(m => Prefix + m + "/health"), Prefix + "GET/echo/*"],
            evaluation.Resources);
        Assert.Equal([Prefix + "POST/echo/*/*", Prefix + "POST/echo/"], evaluation.DeniedResources);
    }
}
