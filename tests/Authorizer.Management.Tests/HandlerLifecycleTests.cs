using System.Text;
using System.Text.Json.Nodes;
using Authorizer.Core.Decisions;
using Authorizer.Core.Signing;
using Authorizer.Functions;
using Authorizer.Functions.Hosting;
using Authorizer.Functions.Management;
using Authorizer.Functions.Settings;
using Authorizer.Management.Tests.OpenApi;

namespace Authorizer.Management.Tests;

/// <summary>
/// The same lifecycle as <see cref="LifecycleTests"/>, but through the two Lambda handlers on one composition:
/// management calls go in as REST proxy events to <see cref="ManagementFunction"/> (the caller in
/// <c>requestContext.authorizer.appId</c>) and every authorization as a REST <c>REQUEST</c> event to
/// <see cref="AuthorizerFunction"/>, whose IAM policy is read back. Caches are off so each change applies at once.
/// </summary>
public sealed class HandlerLifecycleTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "authorizer-mgmt-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was created.
        }
        catch (IOException)
        {
            // A pooled SQLite handle may linger; the folder is in the temp area.
        }
    }

    [Fact]
    public async Task App_lifecycle_through_both_handlers_on_sqlite()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        var variables = HandlerDriver.BaseVariables(_dir);
        variables[AuthorizerSettings.SqlitePathVariable] = Path.Combine(_dir, "apps.db");

        await HandlerDriver.RunAsync(variables, time);
    }
}

/// <summary>Drives the lifecycle through <see cref="ManagementFunction"/> and <see cref="AuthorizerFunction"/>.</summary>
internal sealed class HandlerDriver(ManagementFunction management, AuthorizerFunction authorizer, RequestSigner signer, string adminAppId) : ILifecycleDriver
{
    private const string Region = "us-east-1";

    public string ApiId => "abcdef123";

    public string Stage => "test";

    /// <summary>Settings shared by every store: local key files, no caching, no metrics, no logs.</summary>
    public static Dictionary<string, string?> BaseVariables(string dir) => new()
    {
        [AuthorizerSettings.SecretKeyFileVariable] = Path.Combine(dir, "secret.key"),
        [AuthorizerSettings.TokenKeyFileVariable] = Path.Combine(dir, "token-key.pem"),
        [AuthorizerSettings.CacheTtlVariable] = "0",
        [AuthorizerSettings.NegativeCacheTtlVariable] = "0",
        [AuthorizerSettings.TokenRevocationStalenessVariable] = "0",
        [AuthorizerSettings.MetricsVariable] = "off",
        [AuthorizerSettings.LogLevelVariable] = "none",
    };

    /// <summary>Builds one composition from <paramref name="variables"/>, bootstraps an admin and walks the lifecycle.</summary>
    public static async Task RunAsync(Dictionary<string, string?> variables, FakeTimeProvider time)
    {
        using var services = AuthorizerServices.Create(AuthorizerSettings.FromVariables(variables), time);
        using var composition = ManagementComposition.From(services);
        var admin = await new AdminBootstrapper(services.Store, services.SecretProtector, time).CreateAdminAsync();
        var driver = new HandlerDriver(new ManagementFunction(composition.Api), new AuthorizerFunction(services), new RequestSigner(time), admin.AppId);

        await LifecycleWalk.RunAsync(driver, time);
    }

    public async Task<Reply> SendAsync(string method, string path, string? body, bool asAdmin = true)
    {
        // API Gateway puts the query string in its own fields, never in path.
        var query = new JsonObject();
        var multiQuery = new JsonObject();
        var questionMark = path.IndexOf('?', StringComparison.Ordinal);
        if (questionMark >= 0)
        {
            foreach (var pair in path[(questionMark + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
                var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]);
                query[name] = value;
                if (multiQuery[name] is JsonArray values)
                {
                    values.Add(value);
                }
                else
                {
                    multiQuery[name] = new JsonArray(value);
                }
            }

            path = path[..questionMark];
        }

        var requestContext = new JsonObject
        {
            ["apiId"] = "mgmt123",
            ["stage"] = "prod",
            ["httpMethod"] = method,
            ["path"] = "/prod" + path,
        };
        if (asAdmin)
        {
            requestContext["authorizer"] = new JsonObject { ["appId"] = adminAppId, ["principalId"] = adminAppId };
        }

        var evt = new JsonObject
        {
            ["resource"] = "/{proxy+}",
            ["path"] = path,
            ["httpMethod"] = method,
            ["headers"] = new JsonObject { ["Content-Type"] = "application/json" },
            ["multiValueHeaders"] = new JsonObject { ["Content-Type"] = new JsonArray("application/json") },
            ["queryStringParameters"] = query.Count == 0 ? null : query,
            ["multiValueQueryStringParameters"] = multiQuery.Count == 0 ? null : multiQuery,
            ["requestContext"] = requestContext,
            ["body"] = body,
            ["isBase64Encoded"] = false,
        };

        var response = await ReadAsync(await management.Handler(ToStream(evt)));
        var headers = response["headers"]?.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!, StringComparer.OrdinalIgnoreCase)
            ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var reply = new ManagementResponse((int)response["statusCode"]!, headers, (string?)response["body"] ?? string.Empty);
        ManagementContract.Check(method, path, reply);
        return new Reply(reply);
    }

    public Task<LifecycleDecision> AuthorizeAsync(SigningCredentials credentials, string path) =>
        AuthorizeAsync(credentials, path, ApiId);

    /// <summary>As <see cref="AuthorizeAsync(SigningCredentials, string)"/>, for a request to another API.</summary>
    public async Task<LifecycleDecision> AuthorizeAsync(SigningCredentials credentials, string path, string apiId)
    {
        var host = $"{apiId}.execute-api.{Region}.amazonaws.com";
        var signable = new SignableRequest("GET", path, [new("q", "1")], [new("host", host)]);
        var headers = new JsonObject { ["Host"] = host };
        var multiValueHeaders = new JsonObject { ["Host"] = new JsonArray(host) };
        foreach (var (name, value) in signer.Sign(signable, credentials))
        {
            headers[name] = value;
            multiValueHeaders[name] = new JsonArray(value);
        }

        var evt = new JsonObject
        {
            ["type"] = "REQUEST",
            ["methodArn"] = $"arn:aws:execute-api:{Region}:123456789012:{apiId}/{Stage}/GET{path}",
            ["resource"] = path,
            ["path"] = path,
            ["httpMethod"] = "GET",
            ["headers"] = headers,
            ["multiValueHeaders"] = multiValueHeaders,
            ["queryStringParameters"] = new JsonObject { ["q"] = "1" },
            ["multiValueQueryStringParameters"] = new JsonObject { ["q"] = new JsonArray("1") },
            ["requestContext"] = new JsonObject
            {
                ["path"] = path,
                ["stage"] = Stage,
                ["apiId"] = apiId,
                ["httpMethod"] = "GET",
                ["resourcePath"] = path,
                ["accountId"] = "123456789012",
            },
        };

        JsonNode response;
        try
        {
            response = await ReadAsync(await authorizer.Handler(ToStream(evt)));
        }
        catch (UnauthorizedException)
        {
            // API Gateway's 401: no usable credential at all. The walk never expects one, so it fails any code check.
            return new LifecycleDecision(DecisionOutcome.Deny, "unauthorized", null, null);
        }

        var statement = response["policyDocument"]!["Statement"]![0]!;
        var effect = (string?)statement["Effect"];
        var methodArn = evt["methodArn"]!.GetValue<string>();
        var resources = statement["Resource"]!.AsArray().Select(r => (string)r!).ToList();
        Assert.True(resources.Exists(r => Covers(r, methodArn)), $"no policy resource covers {methodArn}: {string.Join(", ", resources)}");
        var context = response["context"]?.AsObject();
        if (effect == "Allow")
        {
            Assert.Equal((string?)response["principalId"], (string?)context?["appId"]);
            return new LifecycleDecision(DecisionOutcome.Allow, null, (string?)context?["appId"], (string?)context?["scheme"]);
        }

        Assert.Equal("Deny", effect);
        return new LifecycleDecision(DecisionOutcome.Deny, (string?)context?["errorCode"], null, null);
    }

    /// <summary>IAM resource match: <c>*</c> stands for any run of characters.</summary>
    private static bool Covers(string resource, string arn) =>
        System.Text.RegularExpressions.Regex.IsMatch(arn, "^" + string.Join(".*", resource.Split('*').Select(System.Text.RegularExpressions.Regex.Escape)) + "$");

    private static MemoryStream ToStream(JsonNode node) => new(Encoding.UTF8.GetBytes(node.ToJsonString()));

    private static async Task<JsonNode> ReadAsync(Stream stream)
    {
        using var reader = new StreamReader(stream);
        return JsonNode.Parse(await reader.ReadToEndAsync())!;
    }
}
