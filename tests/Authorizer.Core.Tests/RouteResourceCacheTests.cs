using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Requests;

namespace Authorizer.Core.Tests;

/// <summary>The engine's cached route evaluation answers exactly what the uncached evaluation answers.</summary>
public sealed class RouteResourceCacheTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddYears(50);

    [Fact]
    public void An_unchanged_list_reuses_its_resources_and_matches_each_target_like_the_uncached_evaluation()
    {
        var cache = new RouteResourceCache();
        IReadOnlyList<AppAuthorization> authorizations =
        [
            Auth("get", "api123", "*", null, new RouteGrant("GET", "/echo/{id}"), new RouteGrant("*", "/health")),
            Auth("post", "*", "Prod", null, new RouteGrant("POST", "/echo/{id}")),
        ];

        var first = cache.Evaluate(Target("GET", "/echo/1"), authorizations, Now).Evaluation;
        foreach (var (method, path) in new[] { ("GET", "/echo/1"), ("POST", "/echo/2"), ("DELETE", "/health"), ("PUT", "/echo/3") })
        {
            var target = Target(method, path);
            var cached = cache.Evaluate(target, authorizations, Now).Evaluation;
            var uncached = RouteResources.Evaluate(target, authorizations, Now);

            Assert.Same(first.Resources, cached.Resources);
            Assert.Same(first.DeniedResources, cached.DeniedResources);
            Assert.Equal(uncached, cached with { Resources = uncached.Resources, DeniedResources = uncached.DeniedResources });
            Assert.Equal(uncached.Resources, cached.Resources);
            Assert.Equal(uncached.DeniedResources, cached.DeniedResources);
        }
    }

    [Fact]
    public void An_authorization_that_expires_is_dropped_from_the_same_list()
    {
        var cache = new RouteResourceCache();
        IReadOnlyList<AppAuthorization> authorizations =
        [
            Auth("soon", "api123", "Prod", Now.AddSeconds(1), new RouteGrant("GET", "/echo/{id}")),
            Auth("later", "api123", "Prod", null, new RouteGrant("*", "/other")),
        ];
        var target = Target("GET", "/echo/1");

        var before = cache.Evaluate(target, authorizations, Now).Evaluation;
        var after = cache.Evaluate(target, authorizations, Now.AddSeconds(2)).Evaluation;

        Assert.Equal("soon", before.MatchingAuthorizationId);
        Assert.Null(after.MatchingAuthorizationId);
        Assert.Equal(RouteResources.Evaluate(target, authorizations, Now.AddSeconds(2)).Resources, after.Resources);
    }

    [Fact]
    public void Another_stage_or_a_changed_list_is_evaluated_again()
    {
        var cache = new RouteResourceCache();
        var authorizations = new List<AppAuthorization> { Auth("any", "api123", "*", null, new RouteGrant("*", "/*")) };
        var prod = Target("GET", "/echo/1");
        var test = Target("GET", "/echo/1", stage: "Test");

        var first = cache.Evaluate(prod, authorizations, Now).Evaluation;
        var otherStage = cache.Evaluate(test, authorizations, Now).Evaluation;
        var expectedOtherStage = RouteResources.Evaluate(test, authorizations, Now).Resources;
        authorizations[0] = Auth("narrow", "api123", "*", null, new RouteGrant("POST", "/echo/{id}"));
        var changed = cache.Evaluate(prod, authorizations, Now).Evaluation;

        Assert.Equal("any", first.MatchingAuthorizationId);
        Assert.Equal(expectedOtherStage, otherStage.Resources);
        Assert.Contains("/Test/", Assert.Single(otherStage.Resources), StringComparison.Ordinal);
        Assert.Null(changed.MatchingAuthorizationId);
        Assert.Equal(RouteResources.Evaluate(prod, authorizations, Now).Resources, changed.Resources);
    }

    [Fact]
    public void The_shared_resources_cannot_be_modified_by_a_caller()
    {
        var cache = new RouteResourceCache();
        IReadOnlyList<AppAuthorization> authorizations = [Auth("any", "api123", "*", null, new RouteGrant("*", "/*"))];

        var resources = cache.Evaluate(Target("GET", "/echo/1"), authorizations, Now).Evaluation.Resources;

        Assert.False(resources is IList<string> { IsReadOnly: false });
    }

    private static ApiTarget Target(string method, string path, string stage = "Prod") =>
        ApiTarget.TryParse($"arn:aws:execute-api:us-east-1:123456789012:api123/{stage}/{method}{path}", out var target)
            ? target
            : throw new ArgumentException("bad arn");

    private static AppAuthorization Auth(string id, string api, string stage, DateTimeOffset? expires, params RouteGrant[] routes) => new()
    {
        AuthId = id,
        AppId = "a",
        ApiId = api,
        Stage = stage,
        Routes = routes,
        ExpiresAt = expires,
    };
}
