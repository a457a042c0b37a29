using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Authorizer.Core.Jwt;
using Authorizer.Local.Commands;

namespace Authorizer.Local.Tests.Jwt;

/// <summary>
/// A seed file that declares its own providers: the REST API with a static JWKS, the HTTP API with a <c>jwksUri</c>
/// on a local HTTP server (fetched over loopback HTTP, which the runner allows its functions). Proven through
/// <c>start-api</c> and through <c>invoke</c> on REST REQUEST, REST TOKEN and HTTP API events, on each store.
/// </summary>
public sealed partial class SeedJwtEndToEndTests : IAsyncDisposable
{
    private const string Issuer = "https://idp.example.test/";
    private const string Audience = "orders-api";

    private readonly JwtSigner _restKey = JwtSigner.Create(JwtAlgorithm.RS256, "rest-k1");
    private readonly JwtSigner _httpKey = JwtSigner.Create(JwtAlgorithm.ES256, "http-k1");
    private readonly JwtSigner _stranger = JwtSigner.Create(JwtAlgorithm.RS256, "stranger");
    private readonly HttpListener _jwksServer = new();
    private readonly Task _serving;
    private int _jwksRequests;

    public SeedJwtEndToEndTests()
    {
        _jwksServer.Prefixes.Add($"http://127.0.0.1:{FreePort()}/");
        _jwksServer.Start();
        _serving = ServeJwksAsync(JwtSigner.Jwks(_httpKey));
    }

    public static TheoryData<string> Stores => ["sqlite", "dynamodb:local"];

    private string JwksUri => _jwksServer.Prefixes.First() + "jwks";

    public async ValueTask DisposeAsync()
    {
        _jwksServer.Stop();
        await _serving;
        _jwksServer.Close();
        _restKey.Dispose();
        _httpKey.Dispose();
        _stranger.Dispose();
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Seeded_providers_are_honoured_through_start_api_and_invoke(string store)
    {
        var seedPath = Path.Combine(Path.GetTempPath(), "authorizer-seed-jwt-e2e-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(seedPath, Seed());
        RunnerProcess runner;
        try
        {
            runner = store == "sqlite"
                ? await RunnerProcess.StartAsync(ChildProcess.ColdStartEnvironment, "--seed", seedPath)
                : await RunnerProcess.StartAsync(ChildProcess.ColdStartEnvironment, "--store", store, "--seed", seedPath);
        }
        finally
        {
            File.Delete(seedPath);
        }

        await using (runner)
        {
            Assert.False(runner.HasExited, runner.Stdout + runner.Stderr);
            await ThroughStartApiAsync(runner);
            var invokeStore = store == "sqlite"
                ? "sqlite:" + Path.Combine(runner.WorkDirectory, ".authorizer", "local.db")
                : "dynamodb:" + DynamoDbLocalUrl().Match(runner.Stdout).Groups[1].Value;
            await ThroughInvokeAsync(runner.WorkDirectory, invokeStore);
        }
    }

    private async Task ThroughStartApiAsync(RunnerProcess runner)
    {
        using var http = new HttpClient();
        var rest = new Uri(runner.RestBase, "echo/orders");
        using (var allowed = await SendAsync(http, rest, Token(_restKey)))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            var context = (await GatewayClient.JsonAsync(allowed)).GetProperty("authorizer");
            Assert.Equal(("jwt", "idp-users", "alice", "alice@example.test"), (
                context.GetProperty("scheme").GetString(),
                context.GetProperty("appName").GetString(),
                context.GetProperty("claim_sub").GetString(),
                context.GetProperty("claim_email").GetString()));
        }

        var refusals = new (string Token, string Code)[]
        {
            (Token(_restKey, expiresInSeconds: -120), "token_expired"),
            (DemoTokens.Tampered(Token(_restKey)), "invalid_token"),
            (Token(_restKey, audience: "another-api"), "invalid_audience"),
            (Token(_stranger), "unknown_key"),
        };
        foreach (var (token, code) in refusals)
        {
            using var refused = await SendAsync(http, rest, token);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal(code, GatewayClient.Header(refused, "X-Ca-Error-Code"));
        }

        using (var missing = await http.GetAsync(rest))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        }

        // The HTTP API's keys come from the jwksUri: the REST key's tokens are not among them.
        var httpApi = new Uri(runner.HttpBase, "echo/orders");
        using (var allowed = await SendAsync(http, httpApi, Token(_httpKey)))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal("alice", (await GatewayClient.JsonAsync(allowed)).GetProperty("authorizer").GetProperty("claim_sub").GetString());
        }

        Assert.True(Volatile.Read(ref _jwksRequests) >= 1);
        using (var otherKey = await SendAsync(http, httpApi, Token(_restKey)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, otherKey.StatusCode);
        }
    }

    private async Task ThroughInvokeAsync(string workDirectory, string store)
    {
        var restAllowed = await InvokeAsync(workDirectory, store, "rest-request", "-H", $"Authorization: Bearer {Token(_restKey)}");
        Assert.Equal("Allow", Effect(restAllowed));
        Assert.Equal("alice", restAllowed.GetProperty("context").GetProperty("claim_sub").GetString());

        var restWrongAudience = await InvokeAsync(workDirectory, store, "rest-request", "-H", $"Authorization: Bearer {Token(_restKey, audience: "another-api")}");
        Assert.Equal("Deny", Effect(restWrongAudience));
        Assert.Equal("invalid_audience", restWrongAudience.GetProperty("context").GetProperty("errorCode").GetString());

        var tokenEvent = await InvokeAsync(workDirectory, store, "rest-token", "--scheme", "token", "--token", Token(_restKey, subject: "bob"));
        Assert.Equal("Allow", Effect(tokenEvent));
        Assert.Equal("bob", tokenEvent.GetProperty("context").GetProperty("claim_sub").GetString());

        var httpAllowed = await InvokeAsync(workDirectory, store, "http-request", "-H", $"Authorization: Bearer {Token(_httpKey)}");
        Assert.True(httpAllowed.GetProperty("isAuthorized").GetBoolean(), httpAllowed.ToString());
        Assert.Equal("alice", httpAllowed.GetProperty("context").GetProperty("claim_sub").GetString());

        var httpExpired = await InvokeAsync(workDirectory, store, "http-request", "-H", $"Authorization: Bearer {Token(_httpKey, expiresInSeconds: -120)}");
        Assert.False(httpExpired.GetProperty("isAuthorized").GetBoolean());
        Assert.Equal("token_expired", httpExpired.GetProperty("context").GetProperty("errorCode").GetString());
    }

    /// <summary><c>generate-event KIND …</c>, then <c>invoke AuthorizerFunction</c> with it in its own process (functions compose once per process).</summary>
    private static async Task<JsonElement> InvokeAsync(string workDirectory, string store, string kind, params string[] request)
    {
        using var generated = new StringWriter();
        using var errors = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(["generate-event", kind, "--path", "/echo/orders", .. request, "--template", RepositoryPaths.Template], generated, errors));
        var eventPath = Path.Combine(workDirectory, $"event-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(eventPath, generated.ToString());

        var (exit, stdout, stderr) = await ChildProcess.RunnerAsync(
            workDirectory, "invoke", "AuthorizerFunction", "--event", eventPath, "--store", store, "--template", RepositoryPaths.Template);

        Assert.True(exit == 0, $"{kind}: exit {exit}\n{stdout}\n{stderr}");
        using var response = JsonDocument.Parse(stdout);
        return response.RootElement.Clone();
    }

    private static string? Effect(JsonElement response) =>
        response.GetProperty("policyDocument").GetProperty("Statement")[0].GetProperty("Effect").GetString();

    private static string Token(JwtSigner key, string audience = Audience, string subject = "alice", int expiresInSeconds = 600) =>
        DemoTokens.Mint(key, Issuer, audience, subject, expiresInSeconds, new KeyValuePair<string, string>("email", $"{subject}@example.test"));

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, Uri url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    private string Seed() => $$"""
        {
          "apis": [
            { "apiId": "localrest1", "jwt": { "app": "idp-users", "issuers": ["{{Issuer}}"], "audiences": ["{{Audience}}"],
                                             "algorithms": ["RS256"], "jwks": {{JwtSigner.Jwks(_restKey)}}, "claimsToContext": ["sub", "email"] } },
            { "apiId": "localhttp1", "jwt": { "app": "idp-users", "issuers": ["{{Issuer}}"], "audiences": ["{{Audience}}"],
                                             "jwksUri": "{{JwksUri}}", "claimsToContext": ["sub"] } }
          ],
          "apps": [
            { "name": "idp-users", "appKey": "400000000004", "appSecret": "idp-users-secret-not-for-production-0004",
              "authorizations": [{ "apiId": "*", "stage": "*", "routes": [{ "method": "*", "path": "/echo/*" }] }] }
          ]
        }
        """;

    private async Task ServeJwksAsync(string jwks)
    {
        var body = Encoding.UTF8.GetBytes(jwks);
        while (_jwksServer.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _jwksServer.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref _jwksRequests);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"DynamoDB Local \(in memory[^)]*\) at (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex DynamoDbLocalUrl();
}
