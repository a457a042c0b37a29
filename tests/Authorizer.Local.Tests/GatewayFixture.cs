using Authorizer.Local.Commands;
using Authorizer.Local.Template;

namespace Authorizer.Local.Tests;

/// <summary>
/// One local gateway for the whole test run, on free loopback ports with a store in a temp folder. The
/// functions build their composition once per process from the environment (as a Lambda container does), so
/// every test that needs a running gateway shares this one and uses its own apps.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const string DemoKey = "203952345678";
    public const string DemoSecret = "demo-secret-not-for-production-0123456789ab";
    public const string DemoCode = "d3m0c0de0123456789abcdef0123456789abcdef0123456789abcdef0123d3m0";
    public const string AdminKey = "100000000001";
    public const string AdminSecret = "local-admin-secret-not-for-production-0001";
    public const string LimitedKey = "300000000003";
    public const string LimitedSecret = "limited-secret-not-for-production-000000003";
    public const string LimitedCode = "11m1ted0de0123456789abcdef0123456789abcdef0123456789abcdef011m1t";

    /// <summary>The HTTP API leaves signatures over bodies to the sample backend (bodySignatures: backend); the REST API refuses them.</summary>
    public const string BackendApiId = "localhttp1";

    private LocalRunner? _runner;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "authorizer-local-tests-" + Guid.NewGuid().ToString("N"));

    public string StoreSpec => "sqlite:" + Path.Combine(Directory, "local.db");

    public StringWriter Log { get; } = new();

    internal LocalRunner Runner => _runner ?? throw new InvalidOperationException("not started");

    public Uri RestBase => Runner.Gateway.Server(ApiKind.Rest).BaseUri;

    public Uri HttpBase => Runner.Gateway.Server(ApiKind.Http).BaseUri;

    public int AuthorizerInvocations =>
        Runner.Gateway.Functions.InvocationCount("AuthorizerFunction") + Runner.Gateway.Functions.InvocationCount("CachedAuthorizerFunction");

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var seedPath = Path.Combine(Directory, "seed.json");
        await File.WriteAllTextAsync(seedPath, Seed);
        _runner = await LocalRunner.StartAsync(
            new RunnerOptions { TemplatePath = RepositoryPaths.Template, Port = 0, Store = StoreSpec, SeedPath = seedPath },
            TextWriter.Synchronized(Log),
            CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_runner is not null)
        {
            await _runner.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow shutdown is left to the temp folder's cleanup.
        }
    }

    private static string Seed => $$"""
        {
          "apis": [{ "apiId": "*", "allowedSchemes": ["appcode", "signature-ca", "signature-sdk", "app-basic", "app-secret", "token"],
                     "appcodeLocation": "header_and_query", "replayProtection": "optional", "allowHmacSha1": true },
                   { "apiId": "{{BackendApiId}}", "allowedSchemes": ["appcode", "signature-ca", "signature-sdk", "app-basic", "app-secret", "token"],
                     "appcodeLocation": "header_and_query", "replayProtection": "optional", "allowHmacSha1": true, "bodySignatures": "backend" }],
          "apps": [
            { "name": "admin", "appKey": "{{AdminKey}}", "appSecret": "{{AdminSecret}}", "roles": ["admin"],
              "authorizations": [{ "apiId": "*", "stage": "*", "routes": [{ "method": "*", "path": "/v1/*" }] }] },
            { "name": "demo", "appKey": "{{DemoKey}}", "appSecret": "{{DemoSecret}}", "appCodes": ["{{DemoCode}}"],
              "authorizations": [{ "apiId": "*", "stage": "*", "routes": [{ "method": "*", "path": "/echo/*" }] }] },
            { "name": "limited", "appKey": "{{LimitedKey}}", "appSecret": "{{LimitedSecret}}", "appCodes": ["{{LimitedCode}}"],
              "authorizations": [{ "apiId": "*", "stage": "*", "routes": [{ "method": "GET", "path": "/echo/cached/public/*" }] }] }
          ]
        }
        """;
}

[CollectionDefinition(Name)]
public sealed class SharedGateway : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
