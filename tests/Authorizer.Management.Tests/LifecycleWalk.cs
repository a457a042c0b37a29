using System.Text.Json;
using Authorizer.Core.Decisions;
using Authorizer.Core.Signing;

namespace Authorizer.Management.Tests;

/// <summary>What the authorizer answered, whichever way it was reached.</summary>
internal sealed record LifecycleDecision(DecisionOutcome Outcome, string? ErrorCode, string? AppId, string? Scheme);

/// <summary>How the lifecycle reaches the management API and the authorizer (directly, or through the Lambda handlers).</summary>
internal interface ILifecycleDriver
{
    /// <summary>The API and stage the app is granted, matching the requests <see cref="AuthorizeAsync"/> sends.</summary>
    string ApiId { get; }

    string Stage { get; }

    /// <summary>A management call; <paramref name="asAdmin"/> false means no caller app (POST /v1/tokens).</summary>
    Task<Reply> SendAsync(string method, string path, string? body, bool asAdmin = true);

    /// <summary>A signed <c>GET <paramref name="path"/>?q=1</c> to the authorizer.</summary>
    Task<LifecycleDecision> AuthorizeAsync(SigningCredentials credentials, string path);
}

/// <summary>
/// One app's whole life: every scheme is allowed after a grant, and each management action takes effect on
/// the next request.
/// </summary>
internal static class LifecycleWalk
{
    public static async Task RunAsync(ILifecycleDriver driver, FakeTimeProvider time)
    {
        Task<LifecycleDecision> CallAsync(SigningCredentials credentials, string path = "/echo/x") => driver.AuthorizeAsync(credentials, path);

        async Task<string> IssueTokenAsync(string appKey, string appSecret)
        {
            var reply = await driver.SendAsync("POST", "/v1/tokens", JsonSerializer.Serialize(new Dictionary<string, string> { ["appKey"] = appKey, ["appSecret"] = appSecret }), asAdmin: false);
            Assert.Equal(201, reply.Status);
            return reply.Header("X-Subject-Token")!;
        }

        // Create the app and grant it a route.
        var created = await driver.SendAsync("POST", "/v1/apps", "{\"name\":\"lifecycle\"}");
        Assert.Equal(201, created.Status);
        var appId = created.Str("appId");
        var appKey = created.Str("appKey");
        var secret = created.Str("appSecret");
        var appCode = created.Json.GetProperty("appCode").GetProperty("appCode").GetString()!;
        var codeId = created.Json.GetProperty("appCode").GetProperty("codeId").GetString()!;

        Assert.Equal(DecisionOutcome.Deny, (await CallAsync(SigningCredentials.ForAppBasic(appKey, secret))).Outcome);
        var grant = await driver.SendAsync(
            "POST",
            $"/v1/apps/{appId}/authorizations",
            JsonSerializer.Serialize(new { apiId = driver.ApiId, stage = driver.Stage, routes = new[] { new { method = "GET", path = "/echo/*" } } }));
        Assert.Equal(201, grant.Status);

        var token = await IssueTokenAsync(appKey, secret);
        SigningCredentials[] all(string s, string t) =>
        [
            SigningCredentials.ForAppCode(appCode),
            SigningCredentials.ForSignatureCa(appKey, s),
            SigningCredentials.ForSignatureSdk(appKey, s),
            SigningCredentials.ForAppBasic(appKey, s),
            SigningCredentials.ForAppSecret(appKey, s),
            SigningCredentials.ForToken(t),
        ];

        foreach (var credentials in all(secret, token))
        {
            var decision = await CallAsync(credentials);
            Assert.True(decision.Outcome == DecisionOutcome.Allow, $"{credentials.Scheme}: {decision.ErrorCode}");
            Assert.Equal(appId, decision.AppId);
            Assert.Equal(credentials.Scheme, decision.Scheme);
        }

        // A route outside the grant stays closed.
        Assert.Equal(ErrorCodes.NotAuthorized, (await CallAsync(SigningCredentials.ForAppBasic(appKey, secret), "/other")).ErrorCode);

        // Disable: every scheme is denied on the next request; enable: allowed again.
        Assert.Equal(200, (await driver.SendAsync("PATCH", $"/v1/apps/{appId}", "{\"status\":\"disabled\"}")).Status);
        foreach (var credentials in all(secret, token))
        {
            var decision = await CallAsync(credentials);
            Assert.True(decision.Outcome == DecisionOutcome.Deny, credentials.Scheme);
            Assert.Equal(ErrorCodes.AppDisabled, decision.ErrorCode);
        }

        Assert.Equal(200, (await driver.SendAsync("PATCH", $"/v1/apps/{appId}", "{\"status\":\"enabled\"}")).Status);
        foreach (var credentials in all(secret, token))
        {
            Assert.Equal(DecisionOutcome.Allow, (await CallAsync(credentials)).Outcome);
        }

        // Reset the secret with a grace period: both secrets work until it ends, then only the new one.
        var reset = await driver.SendAsync("POST", $"/v1/apps/{appId}/secret/reset", "{\"graceSeconds\":300}");
        Assert.Equal(200, reset.Status);
        var newSecret = reset.Str("appSecret");
        foreach (var s in new[] { secret, newSecret })
        {
            Assert.Equal(DecisionOutcome.Allow, (await CallAsync(SigningCredentials.ForSignatureCa(appKey, s))).Outcome);
            Assert.Equal(DecisionOutcome.Allow, (await CallAsync(SigningCredentials.ForAppBasic(appKey, s))).Outcome);
        }

        time.Advance(TimeSpan.FromSeconds(299));
        Assert.Equal(DecisionOutcome.Allow, (await CallAsync(SigningCredentials.ForSignatureSdk(appKey, secret))).Outcome);
        time.Advance(TimeSpan.FromSeconds(1));
        foreach (var credentials in all(secret, token).Skip(1).Take(4))
        {
            Assert.True((await CallAsync(credentials)).Outcome == DecisionOutcome.Deny, credentials.Scheme);
        }

        foreach (var credentials in all(newSecret, token))
        {
            Assert.Equal(DecisionOutcome.Allow, (await CallAsync(credentials)).Outcome);
        }

        (await driver.SendAsync("POST", "/v1/tokens", JsonSerializer.Serialize(new Dictionary<string, string> { ["appKey"] = appKey, ["appSecret"] = secret }), asAdmin: false))
            .AssertProblem(401, "invalid_credentials");

        // Revoke the AppCode.
        Assert.Equal(204, (await driver.SendAsync("DELETE", $"/v1/apps/{appId}/appcodes/{codeId}", null)).Status);
        Assert.Equal(ErrorCodes.InvalidAppCode, (await CallAsync(SigningCredentials.ForAppCode(appCode))).ErrorCode);

        // A fresh token works until revoked.
        var second = await IssueTokenAsync(appKey, newSecret);
        Assert.Equal(DecisionOutcome.Allow, (await CallAsync(SigningCredentials.ForToken(second))).Outcome);
        Assert.Equal(200, (await driver.SendAsync("POST", "/v1/tokens/revoke", JsonSerializer.Serialize(new Dictionary<string, string> { ["token"] = second }))).Status);
        Assert.Equal(ErrorCodes.TokenRevoked, (await CallAsync(SigningCredentials.ForToken(second))).ErrorCode);
        Assert.Equal(DecisionOutcome.Allow, (await CallAsync(SigningCredentials.ForToken(token))).Outcome);

        // Delete the app: nothing it holds works any more.
        Assert.Equal(204, (await driver.SendAsync("DELETE", $"/v1/apps/{appId}", null)).Status);
        foreach (var credentials in all(newSecret, token))
        {
            Assert.True((await CallAsync(credentials)).Outcome == DecisionOutcome.Deny, credentials.Scheme);
        }
    }
}
