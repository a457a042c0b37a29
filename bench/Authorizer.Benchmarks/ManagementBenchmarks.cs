using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Authorizer.Functions.Hosting;
using Authorizer.Functions.Management;
using Authorizer.Management;
using BenchmarkDotNet.Attributes;

namespace Authorizer.Benchmarks;

/// <summary>
/// <c>POST /v1/apps</c> through <see cref="ManagementFunction"/>, event bytes → response bytes, on the real
/// composition (SQLite file store or DynamoDB on DynamoDB Local, AES-GCM secrets, local token key). The event is the REST proxy event API Gateway
/// delivers after the authorizer allowed an admin app: its id is in <c>requestContext.authorizer</c>, so the
/// function checks the caller's admin role in the store, then generates credentials, encrypts the secret and
/// writes the app with its AppCode. Every call creates a new app under a new name.
/// </summary>
[MemoryDiagnoser]
public class ManagementBenchmarks
{
    private const string NameMarker = "@@N@@";

    private BenchFolder _folder = null!;
    private BenchDynamoDbLocal? _dynamoDbLocal;
    private AuthorizerServices _services = null!;
    private ManagementComposition _composition = null!;
    private ManagementFunction _function = null!;
    private byte[] _prefix = null!;
    private byte[] _suffix = null!;
    private byte[] _event = null!;
    private long _sequence;

    [Params("sqlite", "dynamodb")]
    public string Backend { get; set; } = "sqlite";

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _composition.Dispose();
        _services.Dispose();
        _dynamoDbLocal?.Dispose();
        _folder.Dispose();
    }

    [Benchmark]
    public async Task<int> CreateApp()
    {
        using var input = NextEvent();
        using var output = await _function.Handler(input);
        // The handler answers with a MemoryStream over the serialized bytes: reaching them is the end of the work.
        return ((MemoryStream)output).TryGetBuffer(out var bytes) ? bytes.Count : (int)output.Length;
    }

    private async Task SetupAsync()
    {
        _folder = BenchFolder.Create();
        var settings = _folder.Settings() with { EmitMetrics = false };
        if (Backend == "dynamodb")
        {
            _dynamoDbLocal = await BenchDynamoDbLocal.StartAsync();
            settings = settings with { TableName = _dynamoDbLocal.TableName, DynamoDbEndpoint = _dynamoDbLocal.ServiceUrl };
        }
        else if (Backend != "sqlite")
        {
            throw new InvalidOperationException($"Unknown backend {Backend}.");
        }

        _services = AuthorizerServices.Create(settings);
        _composition = ManagementComposition.From(_services);
        _function = new ManagementFunction(_composition.Api);
        var admin = await new AdminBootstrapper(_services.Store, _services.SecretProtector, _services.Time).CreateAdminAsync();

        var template = BuildEvent(admin);
        var marker = Encoding.UTF8.GetBytes(NameMarker);
        var at = template.AsSpan().IndexOf(marker);
        if (at < 0)
        {
            throw new InvalidOperationException("The name marker was escaped in the event JSON.");
        }

        _prefix = template[..at];
        _suffix = template[(at + marker.Length)..];
        _event = new byte[template.Length + 20];

        var expectedName = $"bench-app-{_sequence + 1}";
        using var input = NextEvent();
        using var output = await _function.Handler(input);
        using var response = await JsonDocument.ParseAsync(output);
        var root = response.RootElement;
        var status = root.GetProperty("statusCode").GetInt32();
        var body = root.GetProperty("body").GetString() ?? string.Empty;
        if (status != 201)
        {
            throw new InvalidOperationException($"POST /v1/apps on {Backend} answered {status}: {body}");
        }

        using var created = JsonDocument.Parse(body);
        if (created.RootElement.GetProperty("name").GetString() != expectedName
            || await _services.Store.GetAppAsync(created.RootElement.GetProperty("appId").GetString()!) is null)
        {
            throw new InvalidOperationException("POST /v1/apps answered 201 but the app is not stored under the sent name.");
        }
    }

    /// <summary>The event with the next name, written into one reused buffer so the harness adds no garbage.</summary>
    private MemoryStream NextEvent()
    {
        var span = _event.AsSpan();
        _prefix.CopyTo(span);
        if (!Utf8Formatter.TryFormat(++_sequence, span[_prefix.Length..], out var digits))
        {
            throw new InvalidOperationException("The event buffer is too small.");
        }

        _suffix.CopyTo(span[(_prefix.Length + digits)..]);
        return new MemoryStream(_event, 0, _prefix.Length + digits + _suffix.Length, writable: false);
    }

    /// <summary>A REST API proxy event as API Gateway sends it to the integration behind the request authorizer.</summary>
    private static byte[] BuildEvent(AdminCredentials admin)
    {
        const string host = "m1n2o3p4q5.execute-api.us-east-1.amazonaws.com";
        const string path = "/v1/apps";
        var body = new JsonObject { ["name"] = "bench-app-" + NameMarker, ["description"] = "created by the benchmark" }.ToJsonString();
        KeyValuePair<string, string>[] headers =
        [
            new("Accept", "application/json"),
            new("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(admin.AppKey + ":" + admin.AppSecret))),
            new("Content-Type", "application/json"),
            new("Host", host),
            new("User-Agent", "bench-admin/1.0"),
            new("X-Forwarded-For", "203.0.113.9"),
            new("X-Forwarded-Port", "443"),
            new("X-Forwarded-Proto", "https"),
        ];
        var single = new JsonObject();
        var multi = new JsonObject();
        foreach (var (name, value) in headers)
        {
            single[name] = value;
            multi[name] = new JsonArray(value);
        }

        var root = new JsonObject
        {
            ["resource"] = "/v1/{proxy+}",
            ["path"] = path,
            ["httpMethod"] = "POST",
            ["headers"] = single,
            ["multiValueHeaders"] = multi,
            ["queryStringParameters"] = null,
            ["multiValueQueryStringParameters"] = null,
            ["pathParameters"] = new JsonObject { ["proxy"] = "apps" },
            ["stageVariables"] = null,
            ["requestContext"] = new JsonObject
            {
                ["accountId"] = "123456789012",
                ["apiId"] = "m1n2o3p4q5",
                ["authorizer"] = new JsonObject
                {
                    ["principalId"] = admin.AppId,
                    ["appId"] = admin.AppId,
                    ["appName"] = "admin",
                    ["appKey"] = admin.AppKey,
                    ["scheme"] = "app-basic",
                    ["integrationLatency"] = 0,
                },
                ["domainName"] = host,
                ["httpMethod"] = "POST",
                ["identity"] = new JsonObject { ["sourceIp"] = "203.0.113.9", ["userAgent"] = "bench-admin/1.0" },
                ["path"] = "/Prod" + path,
                ["protocol"] = "HTTP/1.1",
                ["requestId"] = "bench-request",
                ["requestTimeEpoch"] = 1_767_225_600_000,
                ["resourceId"] = "abc123",
                ["resourcePath"] = "/v1/{proxy+}",
                ["stage"] = "Prod",
            },
            ["body"] = body,
            ["isBase64Encoded"] = false,
        };
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }
}
