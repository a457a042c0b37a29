using System.Text.Json;
using Authorizer.Core.Signing;
using Authorizer.Core.Tokens;
using Authorizer.Functions;
using Authorizer.Functions.Hosting;
using Authorizer.Functions.Management;
using Authorizer.Functions.Settings;

namespace Authorizer.Management.Tests;

/// <summary>
/// Many invocations at once on one composition, as Lambda Managed Instances run them: every management route and
/// every scheme, 64 scenarios in flight together, must answer exactly what the same scenarios answer one at a
/// time on a fresh store, with no error. Caches are off so each scenario's changes show on its next request
/// (the <c>..._with_caches_on_...</c> tests cover the caches under the same load).
/// </summary>
public sealed class ConcurrencyTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("authorizer-concurrency-");

    public void Dispose() => ConcurrentRun.DeleteQuietly(_dir);

    [Fact]
    public async Task Concurrent_scenarios_on_sqlite_answer_as_they_do_one_at_a_time()
    {
        await ConcurrentRun.CompareAsync(
            name => ConcurrentRun.SqliteVariables(_dir, name, cacheOn: false),
            ConcurrentScenario.RunAsync);
    }

    [Fact]
    public async Task Concurrent_authorizations_with_caches_on_sqlite_answer_as_they_do_one_at_a_time()
    {
        await ConcurrentRun.CompareAsync(
            name => ConcurrentRun.SqliteVariables(_dir, name, cacheOn: true),
            ConcurrentScenario.RunCachedAsync);
    }
}

/// <summary>The same two checks on the DynamoDB store.</summary>
[Collection(DynamoDbLocalGroup.Name)]
public sealed class DynamoDbConcurrencyTests(DynamoDbLocalFixture server) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("authorizer-concurrency-ddb-");

    public void Dispose() => ConcurrentRun.DeleteQuietly(_dir);

    [Fact]
    public async Task Concurrent_scenarios_on_dynamodb_answer_as_they_do_one_at_a_time()
    {
        await ConcurrentRun.CompareAsync(name => DynamoVariablesAsync(cacheOn: false), ConcurrentScenario.RunAsync);
    }

    [Fact]
    public async Task Concurrent_authorizations_with_caches_on_dynamodb_answer_as_they_do_one_at_a_time()
    {
        await ConcurrentRun.CompareAsync(name => DynamoVariablesAsync(cacheOn: true), ConcurrentScenario.RunCachedAsync);
    }

    private async Task<Dictionary<string, string?>> DynamoVariablesAsync(bool cacheOn)
    {
        using var client = await server.CreateClientAsync();
        var table = await server.CreateTableAsync(client, "conc");
        var variables = ConcurrentRun.BaseVariables(_dir, cacheOn);
        variables[AuthorizerSettings.TableNameVariable] = table;
        variables[AuthorizerSettings.DynamoDbEndpointVariable] = (await server.GetServiceUrlAsync()).ToString();

        // With DynamoDB the composition only reads an existing token key file (in Lambda there is none to share).
        using (LocalEcdsaTokenSigner.FromKeyFile(variables[AuthorizerSettings.TokenKeyFileVariable]!))
        {
        }

        return variables;
    }
}

/// <summary>Runs scenarios one at a time on one composition and all at once on another, and compares the transcripts.</summary>
internal static class ConcurrentRun
{
    public const int Scenarios = 64;

    public static Dictionary<string, string?> BaseVariables(DirectoryInfo dir, bool cacheOn)
    {
        var variables = HandlerDriver.BaseVariables(dir.FullName);

        // These runs compare answers, not latency: on a loaded test machine 64 concurrent first writes to a local
        // DynamoDB can outlast the production bounds, which HungStoreTests and DynamoDbBoundedCallTests hold.
        variables[AuthorizerSettings.StoreTimeoutVariable] = "10000";
        variables[AuthorizerSettings.DecisionDeadlineVariable] = "10000";
        variables[AuthorizerSettings.ManagementDeadlineVariable] = "10000";
        if (cacheOn)
        {
            variables.Remove(AuthorizerSettings.CacheTtlVariable);
            variables.Remove(AuthorizerSettings.NegativeCacheTtlVariable);
            variables.Remove(AuthorizerSettings.TokenRevocationStalenessVariable);
        }

        return variables;
    }

    public static Task<Dictionary<string, string?>> SqliteVariables(DirectoryInfo dir, string name, bool cacheOn)
    {
        var variables = BaseVariables(dir, cacheOn);
        variables[AuthorizerSettings.SqlitePathVariable] = Path.Combine(dir.FullName, name + ".db");
        return Task.FromResult(variables);
    }

    public static async Task CompareAsync(
        Func<string, Task<Dictionary<string, string?>>> variables,
        Func<HandlerDriver, int, Task<List<string>>> scenario)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

        var sequential = new List<string>[Scenarios];
        await WithDriverAsync(await variables("sequential"), time, async driver =>
        {
            for (var i = 0; i < Scenarios; i++)
            {
                sequential[i] = await scenario(driver, i);
            }
        });

        var concurrent = new List<string>[Scenarios];
        var errors = new List<string>();
        await WithDriverAsync(await variables("concurrent"), time, async driver =>
        {
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var runs = Enumerable.Range(0, Scenarios).Select(i => Task.Run(async () =>
            {
                await go.Task;
                try
                {
                    concurrent[i] = await scenario(driver, i);
                }
                catch (Exception ex)
                {
                    lock (errors)
                    {
                        errors.Add($"scenario {i}: {ex.GetType().Name}: {ex.Message}");
                    }
                }
            })).ToArray();
            go.SetResult();
            await Task.WhenAll(runs);
        });

        Assert.Empty(errors);
        for (var i = 0; i < Scenarios; i++)
        {
            Assert.DoesNotContain(concurrent[i], line => System.Text.RegularExpressions.Regex.IsMatch(line, " 5[0-9][0-9]$"));
            Assert.Equal(sequential[i], concurrent[i]);
        }
    }

    public static void DeleteQuietly(DirectoryInfo dir)
    {
        try
        {
            dir.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A pooled SQLite handle may linger; the folder is in the temp area.
        }
    }

    private static async Task WithDriverAsync(Dictionary<string, string?> variables, FakeTimeProvider time, Func<HandlerDriver, Task> run)
    {
        using var services = AuthorizerServices.Create(AuthorizerSettings.FromVariables(variables), time);
        using var composition = ManagementComposition.From(services);
        var admin = await new AdminBootstrapper(services.Store, services.SecretProtector, time).CreateAdminAsync();
        await run(new HandlerDriver(new ManagementFunction(composition.Api), new AuthorizerFunction(services), new RequestSigner(time), admin.AppId));
    }
}

/// <summary>
/// One app's life on its own API, written as a transcript of what each call answered (statuses, outcomes and
/// error codes; never ids or secrets, which differ between runs).
/// </summary>
internal static class ConcurrentScenario
{
    private const string Stage = "test";

    public static async Task<List<string>> RunAsync(HandlerDriver driver, int index)
    {
        var log = new List<string>();
        var apiId = "api" + index.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);

        async Task<Reply> Send(string method, string path, string? body = null, bool asAdmin = true, string? shownAs = null)
        {
            var reply = await driver.SendAsync(method, path, body, asAdmin);
            log.Add($"{method} {shownAs ?? path} {reply.Status}");
            return reply;
        }

        async Task Authorize(string label, SigningCredentials credentials, string path = "/echo/x")
        {
            var decision = await driver.AuthorizeAsync(credentials, path, apiId);
            log.Add($"authorize {label} {credentials.Scheme} {path} {decision.Outcome} {decision.ErrorCode} {(decision.AppId is null ? "-" : "app")}");
        }

        var created = await Send("POST", "/v1/apps", $"{{\"name\":\"concurrent {index}\"}}");
        var appId = created.Str("appId");
        var appKey = created.Str("appKey");
        var secret = created.Str("appSecret");
        var appCode = created.Json.GetProperty("appCode").GetProperty("appCode").GetString()!;
        var codeId = created.Json.GetProperty("appCode").GetProperty("codeId").GetString()!;
        var app = $"/v1/apps/{appId}";

        await Send("GET", app, shownAs: "app");
        await Send("PATCH", app, "{\"description\":\"under load\"}", shownAs: "app");
        await Send("GET", "/v1/apps?limit=5");
        await Send("GET", "/v1/apps/no-such-app");
        await Send("PUT", $"/v1/apis/{apiId}", "{\"replayProtection\":\"required\",\"tokenTtlSeconds\":3600}");
        await Send("GET", $"/v1/apis/{apiId}");
        await Send("GET", "/v1/apis?limit=5");

        await Authorize("before-grant", SigningCredentials.ForAppBasic(appKey, secret));
        var grant = await Send(
            "POST",
            $"{app}/authorizations",
            JsonSerializer.Serialize(new { apiId, stage = Stage, routes = new[] { new { method = "GET", path = "/echo/*" } } }),
            shownAs: "app/authorizations");
        var authId = grant.Str("authId");
        await Send("GET", $"{app}/authorizations", shownAs: "app/authorizations");
        await Send("GET", $"/v1/apis/{apiId}/authorizations");

        var extraCode = await Send("POST", $"{app}/appcodes", "{}", shownAs: "app/appcodes");
        var secondCode = extraCode.Json.GetProperty("appCode").GetString()!;
        await Send("GET", $"{app}/appcodes", shownAs: "app/appcodes");

        var token = await IssueTokenAsync(Send, appKey, secret);
        foreach (var credentials in AllSchemes(appCode, appKey, secret, token))
        {
            await Authorize("granted", credentials);
        }

        await Authorize("second-code", SigningCredentials.ForAppCode(secondCode));
        await Authorize("outside-grant", SigningCredentials.ForSignatureCa(appKey, secret), "/other");
        await Authorize("wrong-secret", SigningCredentials.ForSignatureSdk(appKey, secret + "x"));

        // Secret reset with a grace period: both secrets work (the clock does not move in this scenario).
        var reset = await Send("POST", $"{app}/secret/reset", "{\"graceSeconds\":300}", shownAs: "app/secret/reset");
        var newSecret = reset.Str("appSecret");
        foreach (var s in new[] { secret, newSecret })
        {
            await Authorize("after-reset", SigningCredentials.ForSignatureCa(appKey, s));
            await Authorize("after-reset", SigningCredentials.ForAppSecret(appKey, s));
        }

        await Send("PATCH", app, "{\"status\":\"disabled\"}", shownAs: "app");
        await Authorize("disabled", SigningCredentials.ForAppBasic(appKey, newSecret));
        await Authorize("disabled", SigningCredentials.ForToken(token));
        await Send("PATCH", app, "{\"status\":\"enabled\"}", shownAs: "app");

        await Send("POST", "/v1/tokens/revoke", JsonSerializer.Serialize(new Dictionary<string, string> { ["token"] = token }));
        await Authorize("revoked", SigningCredentials.ForToken(token));
        var fresh = await IssueTokenAsync(Send, appKey, newSecret);
        await Authorize("fresh-token", SigningCredentials.ForToken(fresh));
        await Send("POST", $"{app}/tokens/revoke", "{}", shownAs: "app/tokens/revoke");
        await Authorize("revoked-all", SigningCredentials.ForToken(fresh));
        await Send("GET", "/v1/openapi.json");

        await Send("DELETE", $"{app}/appcodes/{codeId}", shownAs: "app/appcodes/code");
        await Authorize("code-revoked", SigningCredentials.ForAppCode(appCode));
        await Send("DELETE", $"{app}/authorizations/{authId}", shownAs: "app/authorizations/auth");
        await Authorize("grant-revoked", SigningCredentials.ForAppBasic(appKey, newSecret));
        await Send("DELETE", $"/v1/apis/{apiId}");
        await Send("DELETE", app, shownAs: "app");
        await Authorize("deleted", SigningCredentials.ForSignatureSdk(appKey, newSecret));
        await Send("GET", app, shownAs: "app");
        return log;
    }

    /// <summary>
    /// With the caches on: an app is set up, then every scheme is asked many times, so concurrent scenarios hit the
    /// shared app cache, token cache, memos and throttle together.
    /// </summary>
    public static async Task<List<string>> RunCachedAsync(HandlerDriver driver, int index)
    {
        var log = new List<string>();
        var apiId = "api" + index.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);

        async Task<Reply> Send(string method, string path, string? body = null, bool asAdmin = true, string? shownAs = null)
        {
            var reply = await driver.SendAsync(method, path, body, asAdmin);
            log.Add($"{method} {shownAs ?? path} {reply.Status}");
            return reply;
        }

        var created = await Send("POST", "/v1/apps", $"{{\"name\":\"cached {index}\"}}");
        var appKey = created.Str("appKey");
        var secret = created.Str("appSecret");
        var appCode = created.Json.GetProperty("appCode").GetProperty("appCode").GetString()!;
        await Send(
            "POST",
            $"/v1/apps/{created.Str("appId")}/authorizations",
            JsonSerializer.Serialize(new { apiId, stage = Stage, routes = new[] { new { method = "GET", path = "/echo/*" } } }),
            shownAs: "app/authorizations");
        var token = await IssueTokenAsync(Send, appKey, secret);

        for (var round = 0; round < 2; round++)
        {
            foreach (var credentials in AllSchemes(appCode, appKey, secret, token))
            {
                foreach (var path in new[] { "/echo/a", "/other" })
                {
                    var decision = await driver.AuthorizeAsync(credentials, path, apiId);
                    log.Add($"authorize {credentials.Scheme} {path} {decision.Outcome} {decision.ErrorCode} {(decision.AppId is null ? "-" : "app")}");
                }
            }

            var wrong = await driver.AuthorizeAsync(SigningCredentials.ForAppBasic(appKey, secret + "x"), "/echo/a", apiId);
            log.Add($"authorize wrong-secret {wrong.Outcome} {wrong.ErrorCode}");
        }

        return log;
    }

    private static SigningCredentials[] AllSchemes(string appCode, string appKey, string secret, string token) =>
    [
        SigningCredentials.ForAppCode(appCode),
        SigningCredentials.ForSignatureCa(appKey, secret),
        SigningCredentials.ForSignatureSdk(appKey, secret),
        SigningCredentials.ForAppBasic(appKey, secret),
        SigningCredentials.ForAppSecret(appKey, secret),
        SigningCredentials.ForToken(token),
    ];

    private static async Task<string> IssueTokenAsync(
        Func<string, string, string?, bool, string?, Task<Reply>> send, string appKey, string appSecret)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["appKey"] = appKey, ["appSecret"] = appSecret });
        var reply = await send("POST", "/v1/tokens", body, false, null);
        return reply.Header("X-Subject-Token") ?? "no-token";
    }
}
