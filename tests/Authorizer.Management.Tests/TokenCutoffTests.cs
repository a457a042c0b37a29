using Authorizer.Core.Caching;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Requests;
using Authorizer.Core.Store;

namespace Authorizer.Management.Tests;

/// <summary>
/// A secret reset ends the tokens issued before it (when its grace period ends), and
/// <c>POST /v1/apps/{appId}/tokens/revoke</c> ends all of an app's tokens at once; both as seen by the authorizer.
/// </summary>
public sealed class TokenCutoffTests
{
    [Fact]
    public async Task A_reset_without_grace_ends_the_tokens_issued_before_it()
    {
        using var h = await ApiHarness.CreateAsync();
        var (appId, token) = await AppWithTokenAsync(h);
        Assert.Equal(DecisionOutcome.Allow, (await AuthorizeAsync(h, token)).Outcome);

        h.Time.Advance(TimeSpan.FromSeconds(5));
        var reset = await h.SendAsync("POST", $"/v1/apps/{appId}/secret/reset", "{}");
        Assert.Equal(200, reset.Status);

        var after = await AuthorizeAsync(h, token);
        Assert.Equal(ErrorCodes.TokenRevoked, after.ErrorCode);

        h.Time.Advance(TimeSpan.FromSeconds(1));
        var fresh = await IssueAsync(h, reset.Str("appSecret"), await AppKeyAsync(h, appId));
        Assert.Equal(DecisionOutcome.Allow, (await AuthorizeAsync(h, fresh)).Outcome);
    }

    [Fact]
    public async Task A_reset_with_grace_ends_the_earlier_tokens_when_the_grace_ends()
    {
        using var h = await ApiHarness.CreateAsync();
        var (appId, token) = await AppWithTokenAsync(h);
        h.Time.Advance(TimeSpan.FromSeconds(5));
        var reset = await h.SendAsync("POST", $"/v1/apps/{appId}/secret/reset", "{\"graceSeconds\":600}");
        Assert.Equal(200, reset.Status);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        var fresh = await IssueAsync(h, reset.Str("appSecret"), await AppKeyAsync(h, appId));

        h.Time.Advance(TimeSpan.FromSeconds(598));
        Assert.Equal(DecisionOutcome.Allow, (await AuthorizeAsync(h, token)).Outcome);

        h.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(ErrorCodes.TokenRevoked, (await AuthorizeAsync(h, token)).ErrorCode);
        Assert.Equal(DecisionOutcome.Allow, (await AuthorizeAsync(h, fresh)).Outcome);
    }

    [Fact]
    public async Task A_second_reset_during_a_grace_period_ends_the_first_resets_tokens_at_once()
    {
        using var h = await ApiHarness.CreateAsync();
        var (appId, token) = await AppWithTokenAsync(h);
        h.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(200, (await h.SendAsync("POST", $"/v1/apps/{appId}/secret/reset", "{\"graceSeconds\":600}")).Status);
        h.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(200, (await h.SendAsync("POST", $"/v1/apps/{appId}/secret/reset", "{\"graceSeconds\":600}")).Status);

        // The first reset's secret is gone with the second reset, and so are the tokens issued before the first.
        Assert.Equal(ErrorCodes.TokenRevoked, (await AuthorizeAsync(h, token)).ErrorCode);
    }

    [Fact]
    public async Task Revoking_all_of_an_apps_tokens_ends_them_and_later_tokens_work()
    {
        using var h = await ApiHarness.CreateAsync();
        var (appId, token) = await AppWithTokenAsync(h);
        var (_, otherToken) = await AppWithTokenAsync(h);
        h.Time.Advance(TimeSpan.FromSeconds(5));

        var revoked = await h.SendAsync("POST", $"/v1/apps/{appId}/tokens/revoke");

        Assert.Equal(200, revoked.Status);
        Assert.Equal(appId, revoked.Str("appId"));
        Assert.Equal(h.Time.GetUtcNow(), revoked.Json.GetProperty("tokensIssuedBefore").GetDateTimeOffset());
        Assert.Equal(ErrorCodes.TokenRevoked, (await AuthorizeAsync(h, token)).ErrorCode);
        Assert.Equal(DecisionOutcome.Allow, (await AuthorizeAsync(h, otherToken)).Outcome);

        h.Time.Advance(TimeSpan.FromSeconds(1));
        var app = await h.Store.GetAppAsync(appId);
        Assert.NotNull(app);
        Assert.Equal(2, app.Version);
    }

    [Fact]
    public async Task Revoking_all_tokens_needs_an_admin_and_an_existing_app()
    {
        using var h = await ApiHarness.CreateAsync();
        var (appId, _) = await AppWithTokenAsync(h);

        (await h.SendAsync("POST", $"/v1/apps/{appId}/tokens/revoke", caller: null)).AssertProblem(401, "unauthenticated");
        (await h.SendAsync("POST", "/v1/apps/no-such-app/tokens/revoke")).AssertProblem(404, "not_found");
        Assert.Equal(405, (await h.SendAsync("GET", $"/v1/apps/{appId}/tokens/revoke")).Status);
    }

    [Fact]
    public async Task A_revocation_reaches_a_cached_authorizer_when_its_app_entry_expires()
    {
        using var h = await ApiHarness.CreateAsync();
        var (appId, token) = await AppWithTokenAsync(h);
        var cacheOptions = new AppCacheOptions();
        var engine = new AuthorizerEngine(
            new CachingAppDirectory(new AppDirectory(h.Store, h.Protector), cacheOptions, h.Time), h.Store, h.Time, AuthorizerOptions.Default, h.Validator);
        Assert.Equal(DecisionOutcome.Allow, (await engine.AuthorizeAsync(TokenRequest(token))).Outcome);

        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.SendAsync("POST", $"/v1/apps/{appId}/tokens/revoke");
        h.Time.Advance(cacheOptions.Ttl);

        Assert.Equal(ErrorCodes.TokenRevoked, (await engine.AuthorizeAsync(TokenRequest(token))).ErrorCode);
    }

    private static async Task<(string AppId, string Token)> AppWithTokenAsync(ApiHarness h)
    {
        var app = await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}");
        await h.Store.PutAuthorizationAsync(new AppAuthorization
        {
            AuthId = "auth-" + app.Str("appId"),
            AppId = app.Str("appId"),
            ApiId = "api1",
            Stage = "*",
            Routes = [new RouteGrant("*", "/*")],
            CreatedAt = h.Time.GetUtcNow(),
        });
        return (app.Str("appId"), await IssueAsync(h, app.Str("appSecret"), app.Str("appKey")));
    }

    private static async Task<string> AppKeyAsync(ApiHarness h, string appId) => (await h.Store.GetAppAsync(appId))!.AppKey;

    private static async Task<string> IssueAsync(ApiHarness h, string appSecret, string appKey)
    {
        var reply = await h.SendAsync("POST", "/v1/tokens", $"{{\"appKey\":\"{appKey}\",\"appSecret\":\"{appSecret}\"}}", caller: null);
        Assert.Equal(201, reply.Status);
        return reply.Header("X-Subject-Token")!;
    }

    private static ValueTask<AuthDecision> AuthorizeAsync(ApiHarness h, string token) =>
        new AuthorizerEngine(new AppDirectory(h.Store, h.Protector), h.Store, h.Time, AuthorizerOptions.Default, h.Validator).AuthorizeAsync(TokenRequest(token));

    private static AuthRequest TokenRequest(string token)
    {
        var headers = new HeaderMap();
        headers.Add("Host", "api.example.com");
        headers.Add("Authorization", "Bearer " + token);
        Assert.True(ApiTarget.TryParse("arn:aws:execute-api:us-east-1:123456789012:api1/prod/GET/echo/a", out var target));
        return new AuthRequest
        {
            Kind = EventKind.RestRequest,
            Method = "GET",
            Path = "/echo/a",
            Headers = headers,
            Query = new QueryMap(),
            Target = target,
            SourceIp = "192.0.2.1",
        };
    }
}
