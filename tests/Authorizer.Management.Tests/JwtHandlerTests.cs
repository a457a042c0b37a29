using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Authorizer.Core.Decisions;
using Authorizer.Core.Jwt;
using Authorizer.Core.Model;
using Authorizer.Core.Signing;
using Authorizer.Core.Tokens;
using Authorizer.Functions;
using Authorizer.Functions.Hosting;
using Authorizer.Functions.Management;
using Authorizer.Functions.Settings;
using Authorizer.TestSupport.Network;

namespace Authorizer.Management.Tests;

/// <summary>A JWT API end to end through both handlers on SQLite (see <see cref="JwtHandlerWalk"/>).</summary>
public sealed class JwtHandlerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "authorizer-jwt-handlers", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or IOException)
        {
            // Nothing was created, or a pooled SQLite handle lingers; the folder is in the temp area.
        }
    }

    [Fact]
    public async Task A_jwt_api_put_through_management_allows_tokens_once_on_rest_and_http_api_events_on_sqlite()
    {
        var variables = HandlerDriver.BaseVariables(_dir);
        variables[AuthorizerSettings.SqlitePathVariable] = Path.Combine(_dir, "apps.db");

        await JwtHandlerWalk.RunAsync(variables);
    }
}

/// <summary>The same walk on the DynamoDB store against DynamoDB Local, the table created from template.yaml.</summary>
[Collection(DynamoDbLocalGroup.Name)]
public sealed class DynamoDbJwtHandlerTests(DynamoDbLocalFixture server)
{
    [Fact]
    public async Task A_jwt_api_put_through_management_allows_tokens_once_on_rest_and_http_api_events_on_dynamodb()
    {
        using var client = await server.CreateClientAsync();
        var table = await server.CreateTableAsync(client, "jwt");
        var dir = Directory.CreateTempSubdirectory("authorizer-jwt-handlers-");
        try
        {
            var variables = HandlerDriver.BaseVariables(dir.FullName);
            variables[AuthorizerSettings.TableNameVariable] = table;
            variables[AuthorizerSettings.DynamoDbEndpointVariable] = (await server.GetServiceUrlAsync()).ToString();

            // The walk, not the store bounds, is under test (DynamoDB Local's first calls on a loaded machine are slow).
            variables[AuthorizerSettings.StoreTimeoutVariable] = "10000";
            variables[AuthorizerSettings.DecisionDeadlineVariable] = "10000";
            variables[AuthorizerSettings.ManagementDeadlineVariable] = "10000";
            using (LocalEcdsaTokenSigner.FromKeyFile(variables[AuthorizerSettings.TokenKeyFileVariable]!))
            {
            }

            await JwtHandlerWalk.RunAsync(variables);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}

/// <summary>
/// One composition, as a deployment has it: the management function stores an API's <c>jwt</c> section (a provider
/// found by OpenID Connect discovery from a loopback issuer, single-use tokens), then the authorizer function, fed REST
/// <c>REQUEST</c> and HTTP API 2.0 events carrying <c>Authorization: Bearer</c>, allows each token once as the
/// provider's app with its claims in the context, and refuses the replay and a token from another issuer.
/// </summary>
internal static class JwtHandlerWalk
{
    private const string ApiId = "abcdef123";
    private const string Stage = "test";
    private const string Audience = "api://orders";

    public static async Task RunAsync(Dictionary<string, string?> variables)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        variables[AuthorizerSettings.JwksLoopbackHttpVariable] = "on";
        using var signer = JwtSigner.Create(JwtAlgorithm.ES256, "k1");
        using var keys = new JwksHttpServer(JwtSigner.Jwks(signer), "max-age=300");
        using var idp = new JwksHttpServer("{}");
        idp.Serve(JsonSerializer.Serialize(new { issuer = idp.Issuer, jwks_uri = keys.Url.ToString() }), "max-age=300");

        using var services = AuthorizerServices.Create(AuthorizerSettings.FromVariables(variables), time);
        using var composition = ManagementComposition.From(services);
        var admin = await new AdminBootstrapper(services.Store, services.SecretProtector, time).CreateAdminAsync();
        var management = new HandlerDriver(new ManagementFunction(composition.Api), new AuthorizerFunction(services), new RequestSigner(time), admin.AppId);
        var authorizer = new AuthorizerFunction(services);

        var app = (await management.SendAsync("POST", "/v1/apps", "{\"name\":\"idp-users\"}")).Str("appId");
        var grant = JsonSerializer.Serialize(new { apiId = ApiId, stage = Stage, routes = new[] { new { method = "GET", path = "/echo/*" } } });
        Assert.Equal(201, (await management.SendAsync("POST", $"/v1/apps/{app}/authorizations", grant)).Status);
        var jwt = JsonSerializer.Serialize(new
        {
            jwt = new { appId = app, issuers = new[] { idp.Issuer }, audiences = new[] { Audience }, discovery = true, preventJtiReplay = true, claimsToContext = new[] { "sub" } },
        });
        var put = await management.SendAsync("PUT", $"/v1/apis/{ApiId}", jwt);
        Assert.True(put.Status == 201, put.Json.GetRawText());

        string Token(string issuer, string sub)
        {
            var now = time.GetUtcNow().ToUnixTimeSeconds();
            return signer.Sign(JsonSerializer.Serialize(new { iss = issuer, sub, aud = Audience, iat = now, exp = now + 300, jti = Guid.NewGuid().ToString("N") }));
        }

        // REST: allowed as the provider's app with the user's claim, then the same token is refused.
        var restToken = Token(idp.Issuer, "alice");
        var rest = await RestAsync(authorizer, restToken);
        Assert.Equal("Allow", rest.Effect);
        Assert.Equal(app, rest.PrincipalId);
        Assert.Equal("alice", (string?)rest.Context?["claim_sub"]);
        Assert.Equal(SchemeIds.Jwt, (string?)rest.Context?["scheme"]);
        Assert.Equal(("/.well-known/openid-configuration", 1, 1), (idp.LastPath, idp.Requests, keys.Requests));
        var replay = await RestAsync(authorizer, restToken);
        Assert.Equal(("Deny", ErrorCodes.JtiReplayed), (replay.Effect, (string?)replay.Context?["errorCode"]));

        // HTTP API: the same, through the simple response.
        var httpToken = Token(idp.Issuer, "bob");
        var http = await HttpApiAsync(authorizer, httpToken);
        Assert.True((bool)http["isAuthorized"]!, http.ToJsonString());
        Assert.Equal("bob", (string?)http["context"]?["claim_sub"]);
        Assert.Equal(app, (string?)http["context"]?["appId"]);
        var httpReplay = await HttpApiAsync(authorizer, httpToken);
        Assert.False((bool)httpReplay["isAuthorized"]!);
        Assert.Equal(ErrorCodes.JtiReplayed, (string?)httpReplay["context"]?["errorCode"]);

        // A token naming another issuer is refused although the key verifies it.
        var stranger = await RestAsync(authorizer, Token("https://other.example.com", "mallory"));
        Assert.Equal(("Deny", ErrorCodes.InvalidIssuer), (stranger.Effect, (string?)stranger.Context?["errorCode"]));
    }

    private static async Task<(string Effect, string? PrincipalId, JsonObject? Context)> RestAsync(AuthorizerFunction authorizer, string token)
    {
        const string Path = "/echo/x";
        var headers = new JsonObject { ["Host"] = $"{ApiId}.execute-api.us-east-1.amazonaws.com", ["Authorization"] = "Bearer " + token };
        var evt = new JsonObject
        {
            ["type"] = "REQUEST",
            ["methodArn"] = $"arn:aws:execute-api:us-east-1:123456789012:{ApiId}/{Stage}/GET{Path}",
            ["resource"] = Path,
            ["path"] = Path,
            ["httpMethod"] = "GET",
            ["headers"] = headers,
            ["multiValueHeaders"] = new JsonObject { ["Host"] = new JsonArray((string?)headers["Host"]), ["Authorization"] = new JsonArray((string?)headers["Authorization"]) },
            ["queryStringParameters"] = null,
            ["multiValueQueryStringParameters"] = null,
            ["requestContext"] = new JsonObject
            {
                ["path"] = Path,
                ["stage"] = Stage,
                ["apiId"] = ApiId,
                ["httpMethod"] = "GET",
                ["resourcePath"] = Path,
                ["accountId"] = "123456789012",
            },
        };
        var response = await InvokeAsync(authorizer, evt);
        var effect = (string)response["policyDocument"]!["Statement"]![0]!["Effect"]!;
        return (effect, (string?)response["principalId"], response["context"]?.AsObject());
    }

    private static Task<JsonNode> HttpApiAsync(AuthorizerFunction authorizer, string token)
    {
        const string Path = "/echo/y";
        var evt = new JsonObject
        {
            ["version"] = "2.0",
            ["type"] = "REQUEST",
            ["routeArn"] = $"arn:aws:execute-api:us-east-1:123456789012:{ApiId}/{Stage}/GET{Path}",
            ["identitySource"] = new JsonArray("Bearer " + token),
            ["routeKey"] = "GET /echo/{proxy+}",
            ["rawPath"] = Path,
            ["rawQueryString"] = string.Empty,
            ["headers"] = new JsonObject { ["host"] = $"{ApiId}.execute-api.us-east-1.amazonaws.com", ["authorization"] = "Bearer " + token },
            ["requestContext"] = new JsonObject
            {
                ["accountId"] = "123456789012",
                ["apiId"] = ApiId,
                ["domainName"] = $"{ApiId}.execute-api.us-east-1.amazonaws.com",
                ["http"] = new JsonObject { ["method"] = "GET", ["path"] = Path, ["protocol"] = "HTTP/1.1", ["sourceIp"] = "203.0.113.9", ["userAgent"] = "test" },
                ["requestId"] = "req-1",
                ["routeKey"] = "GET /echo/{proxy+}",
                ["stage"] = Stage,
                ["timeEpoch"] = 1_795_000_000_000,
            },
        };
        return InvokeAsync(authorizer, evt);
    }

    private static async Task<JsonNode> InvokeAsync(AuthorizerFunction authorizer, JsonNode evt)
    {
        using var reader = new StreamReader(await authorizer.Handler(new MemoryStream(Encoding.UTF8.GetBytes(evt.ToJsonString()))));
        return JsonNode.Parse(await reader.ReadToEndAsync())!;
    }
}
