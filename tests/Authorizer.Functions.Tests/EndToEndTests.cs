using System.Text;
using System.Text.Json.Nodes;
using Authorizer.Core.Model;
using Authorizer.Core.Secrets;
using Authorizer.Functions.Hosting;
using Authorizer.Functions.Settings;

namespace Authorizer.Functions.Tests;

/// <summary>The real composition (SQLite store, AES-GCM secrets, engine) behind the handler, in a temp folder.</summary>
public sealed class EndToEndTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "authorizer-functions-" + Guid.NewGuid().ToString("N"));
    private readonly AuthorizerServices _services;
    private readonly MemoryStream _metrics = new();

    public EndToEndTests()
    {
        _services = AuthorizerServices.Create(AuthorizerSettings.FromVariables(new Dictionary<string, string?>
        {
            [AuthorizerSettings.SqlitePathVariable] = Path.Combine(_folder, "apps.db"),
            [AuthorizerSettings.SecretKeyFileVariable] = Path.Combine(_folder, "secret.key"),
            [AuthorizerSettings.TokenKeyFileVariable] = Path.Combine(_folder, "token-key.pem"),
            [AuthorizerSettings.LogLevelVariable] = "none",
        }), TimeProvider.System, _metrics);
    }

    public void Dispose()
    {
        _services.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A pooled SQLite handle may linger; the folder is in the temp area.
        }
    }

    private async Task<(string AppId, string AppKey, string AppSecret)> CreateAppAsync()
    {
        var (appId, appKey, appSecret) = await TestApps.CreateAsync(_services, "end-to-end");
        var now = DateTimeOffset.UtcNow;
        await _services.Store.PutAuthorizationAsync(new AppAuthorization
        {
            AuthId = CredentialGenerator.NewId(),
            AppId = appId,
            ApiId = "abcdef123",
            Stage = "test",
            Routes = [new RouteGrant("GET", "/request")],
            CreatedAt = now,
        });
        return (appId, appKey, appSecret);
    }

    [Fact]
    public async Task App_basic_credentials_of_an_authorized_app_are_allowed()
    {
        var (appId, appKey, appSecret) = await CreateAppAsync();
        var function = new AuthorizerFunction(_services);

        var response = TestEvents.Read(await function.Handler(TestEvents.ToStream(TestApps.BasicEvent(appKey, appSecret))));

        Assert.Equal(appId, (string?)response["principalId"]);
        var statement = response["policyDocument"]!["Statement"]![0]!;
        Assert.Equal("Allow", (string?)statement["Effect"]);
        Assert.Contains(TestEvents.MethodArn, statement["Resource"]!.AsArray().Select(r => (string?)r));
        Assert.Equal(appKey, (string?)response["context"]!["appKey"]);
        Assert.Equal("app-basic", (string?)response["context"]!["scheme"]);
    }

    [Fact]
    public async Task Decisions_and_cache_lookups_come_out_as_embedded_metric_lines()
    {
        var (_, appKey, appSecret) = await CreateAppAsync();
        var function = new AuthorizerFunction(_services);
        await function.Handler(TestEvents.ToStream(TestApps.BasicEvent(appKey, appSecret)));
        await function.Handler(TestEvents.ToStream(TestApps.BasicEvent(appKey, "not-the-secret")));

        _services.Dispose(); // ends the publisher after its last flush
        var lines = Encoding.UTF8.GetString(_metrics.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonNode.Parse(line)!.AsObject()).ToList();

        Assert.All(lines, line => Assert.Equal("Authorizer", (string?)line["_aws"]!["CloudWatchMetrics"]![0]!["Namespace"]));
        Assert.Equal(1, lines.Where(l => (string?)l["Outcome"] == "Allow").Sum(l => (int)l["Decisions"]!));
        Assert.Equal(1, lines.Where(l => (string?)l["Outcome"] == "Deny" && (string?)l["Reason"] == "invalid_credentials").Sum(l => (int)l["Decisions"]!));
        Assert.Contains(lines, l => l["CacheHits"] is not null && l["CacheMisses"] is not null);
        Assert.DoesNotContain(appSecret, Encoding.UTF8.GetString(_metrics.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_warm_cache_reads_the_store_at_most_20_times_per_1000_authorizations_of_one_app()
    {
        var (_, appKey, appSecret) = await CreateAppAsync();
        var function = new AuthorizerFunction(_services);
        await function.Handler(TestEvents.ToStream(TestApps.BasicEvent(appKey, appSecret))); // warms the cache
        var before = _services.Metrics!.TotalStoreCalls;
        Assert.True(before > 0, "the cold authorization read the store, so the counter counts reads");

        for (var i = 0; i < 1000; i++)
        {
            var response = TestEvents.Read(await function.Handler(TestEvents.ToStream(TestApps.BasicEvent(appKey, appSecret))));
            Assert.Equal("Allow", (string?)response["policyDocument"]!["Statement"]![0]!["Effect"]);
        }

        var reads = _services.Metrics.TotalStoreCalls - before;
        Console.WriteLine($"store reads per 1000 warm authorizations: {reads}");
        Assert.InRange(reads, 0, 20);
    }

    [Fact]
    public async Task Wrong_secret_is_denied_and_no_credential_is_unauthorized()
    {
        var (_, appKey, _) = await CreateAppAsync();
        var function = new AuthorizerFunction(_services);

        var denied = TestEvents.Read(await function.Handler(TestEvents.ToStream(TestApps.BasicEvent(appKey, "not-the-secret"))));
        var unauthorized = await Assert.ThrowsAsync<UnauthorizedException>(() => function.Handler(TestEvents.ToStream(TestEvents.RestRequest())));

        Assert.Equal("Deny", (string?)denied["policyDocument"]!["Statement"]![0]!["Effect"]);
        Assert.Equal("invalid_credentials", (string?)denied["context"]!["errorCode"]);
        Assert.Equal("Unauthorized", unauthorized.Message);
    }

    [Fact]
    public void Composition_creates_its_local_files_and_a_token_validator()
    {
        Assert.True(File.Exists(Path.Combine(_folder, "secret.key")));
        Assert.True(File.Exists(Path.Combine(_folder, "token-key.pem")));
        Assert.NotNull(_services.TokenValidator);
    }
}
