using System.Text.Json;
using Authorizer.Core.Decisions;
using Authorizer.Core.Requests;
using Authorizer.Core.Secrets;
using Authorizer.Core.Signing;
using Authorizer.Core.Store;
using Authorizer.Store.Sqlite;

namespace Authorizer.Management.Tests;

/// <summary>
/// One app's whole life through the management API and the authorizer engine on the real SQLite store:
/// every scheme is allowed after a grant, and each management action takes effect on the next request.
/// </summary>
public sealed class LifecycleTests : IDisposable
{
    private const string ApiId = "api1";
    private const string Stage = "Prod";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "authorizer-mgmt-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task App_lifecycle_on_sqlite()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        var store = new SqliteAppStore(Path.Combine(_dir, "apps.db"), time);
        using var protector = new AesGcmSecretProtector(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await RunLifecycleAsync(store, protector, time);
    }

    internal static async Task RunLifecycleAsync(IAppStore store, ISecretProtector protector, FakeTimeProvider time)
    {
        using var h = await ApiHarness.CreateAsync(store, protector, time);
        var engine = new AuthorizerEngine(new AppDirectory(store, protector), store, time, AuthorizerOptions.Default, h.Validator);
        var signer = new RequestSigner(time);

        async Task<AuthDecision> CallAsync(SigningCredentials credentials, string path = "/echo/x")
        {
            var headers = new List<KeyValuePair<string, string>> { new("host", $"{ApiId}.execute-api.eu-west-1.amazonaws.com") };
            var signable = new SignableRequest("GET", path, [new("q", "1")], headers);
            var map = new HeaderMap();
            foreach (var (name, value) in headers.Concat(signer.Sign(signable, credentials)))
            {
                map.Add(name, value);
            }

            var query = new QueryMap();
            query.Add("q", "1");
            Assert.True(ApiTarget.TryParse($"arn:aws:execute-api:eu-west-1:123456789012:{ApiId}/{Stage}/GET{path}", out var target));
            return await engine.AuthorizeAsync(new AuthRequest
            {
                Kind = EventKind.RestRequest,
                Method = "GET",
                Path = path,
                Headers = map,
                Query = query,
                Target = target,
            });
        }

        async Task<string> IssueTokenAsync(string appKey, string appSecret)
        {
            var reply = await h.SendAsync("POST", "/v1/tokens", JsonSerializer.Serialize(new Dictionary<string, string> { ["appKey"] = appKey, ["appSecret"] = appSecret }), caller: null);
            Assert.Equal(201, reply.Status);
            return reply.Header("X-Subject-Token")!;
        }

        // Create the app and grant it a route.
        var created = await h.SendAsync("POST", "/v1/apps", "{\"name\":\"lifecycle\"}");
        Assert.Equal(201, created.Status);
        var appId = created.Str("appId");
        var appKey = created.Str("appKey");
        var secret = created.Str("appSecret");
        var appCode = created.Json.GetProperty("appCode").GetProperty("appCode").GetString()!;
        var codeId = created.Json.GetProperty("appCode").GetProperty("codeId").GetString()!;

        Assert.Equal(DecisionOutcome.Deny, (await CallAsync(SigningCredentials.ForAppBasic(appKey, secret))).Outcome);
        var grant = await h.SendAsync(
            "POST", $"/v1/apps/{appId}/authorizations", "{\"apiId\":\"api1\",\"stage\":\"Prod\",\"routes\":[{\"method\":\"GET\",\"path\":\"/echo/*\"}]}");
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
            Assert.True(decision.Outcome == DecisionOutcome.Allow, $"{credentials.Scheme}: {decision.ErrorCode} {decision.ErrorMessage}");
            Assert.Equal(appId, decision.Principal!.AppId);
            Assert.Equal(credentials.Scheme, decision.Principal.Scheme);
        }

        // A route outside the grant stays closed.
        Assert.Equal(ErrorCodes.NotAuthorized, (await CallAsync(SigningCredentials.ForAppBasic(appKey, secret), "/other")).ErrorCode);

        // Disable: every scheme is denied on the next request; enable: allowed again.
        Assert.Equal(200, (await h.SendAsync("PATCH", $"/v1/apps/{appId}", "{\"status\":\"disabled\"}")).Status);
        foreach (var credentials in all(secret, token))
        {
            var decision = await CallAsync(credentials);
            Assert.True(decision.Outcome == DecisionOutcome.Deny, credentials.Scheme);
            Assert.Equal(ErrorCodes.AppDisabled, decision.ErrorCode);
        }

        Assert.Equal(200, (await h.SendAsync("PATCH", $"/v1/apps/{appId}", "{\"status\":\"enabled\"}")).Status);
        foreach (var credentials in all(secret, token))
        {
            Assert.Equal(DecisionOutcome.Allow, (await CallAsync(credentials)).Outcome);
        }

        // Reset the secret with a grace period: both secrets work until it ends, then only the new one.
        var reset = await h.SendAsync("POST", $"/v1/apps/{appId}/secret/reset", "{\"graceSeconds\":300}");
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

        (await h.SendAsync("POST", "/v1/tokens", JsonSerializer.Serialize(new Dictionary<string, string> { ["appKey"] = appKey, ["appSecret"] = secret }), caller: null))
            .AssertProblem(401, "invalid_credentials");

        // Revoke the AppCode.
        Assert.Equal(204, (await h.SendAsync("DELETE", $"/v1/apps/{appId}/appcodes/{codeId}")).Status);
        Assert.Equal(ErrorCodes.InvalidAppCode, (await CallAsync(SigningCredentials.ForAppCode(appCode))).ErrorCode);

        // A fresh token works until revoked.
        var second = await IssueTokenAsync(appKey, newSecret);
        Assert.Equal(DecisionOutcome.Allow, (await CallAsync(SigningCredentials.ForToken(second))).Outcome);
        Assert.Equal(200, (await h.SendAsync("POST", "/v1/tokens/revoke", JsonSerializer.Serialize(new Dictionary<string, string> { ["token"] = second }))).Status);
        Assert.Equal(ErrorCodes.TokenRevoked, (await CallAsync(SigningCredentials.ForToken(second))).ErrorCode);
        Assert.Equal(DecisionOutcome.Allow, (await CallAsync(SigningCredentials.ForToken(token))).Outcome);

        // Delete the app: nothing it holds works any more.
        Assert.Equal(204, (await h.SendAsync("DELETE", $"/v1/apps/{appId}")).Status);
        foreach (var credentials in all(newSecret, token))
        {
            Assert.True((await CallAsync(credentials)).Outcome == DecisionOutcome.Deny, credentials.Scheme);
        }
    }
}
