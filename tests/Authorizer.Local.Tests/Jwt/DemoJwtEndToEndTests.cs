using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Authorizer.Local.Seeding;

namespace Authorizer.Local.Tests.Jwt;

/// <summary>
/// A first <c>start-api</c> without <c>--seed</c>, as its own process on each store: every command its banner prints
/// works as pasted (the app schemes, the management API, signed bodies, and the demo identity provider's mint
/// command and curl), and the demo provider's tokens are allowed on its API with their claims in the context, or
/// refused with the decision's reason.
/// </summary>
public sealed partial class DemoJwtEndToEndTests
{
    private const string Run = "dotnet run --project src/Authorizer.Local --";

    /// <summary>The default store, an SQLite file outside the working folder (the banner must name the key file), DynamoDB Local.</summary>
    public static TheoryData<string> Stores => ["sqlite", "sqlite:elsewhere", "dynamodb:local"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Every_banner_command_works_as_pasted_and_demo_tokens_reach_the_backend_with_their_claims(string store)
    {
        var elsewhere = store == "sqlite:elsewhere" ? Directory.CreateTempSubdirectory("authorizer-elsewhere-").FullName : null;
        try
        {
            await FirstStartAsync(store, elsewhere);
        }
        finally
        {
            if (elsewhere is not null)
            {
                Directory.Delete(elsewhere, recursive: true);
            }
        }
    }

    private static async Task FirstStartAsync(string store, string? elsewhere)
    {
        await using var runner = store switch
        {
            "sqlite" => await RunnerProcess.StartAsync(ChildProcess.ColdStartEnvironment),
            "sqlite:elsewhere" => await RunnerProcess.StartAsync(ChildProcess.ColdStartEnvironment, "--store", "sqlite:" + Path.Combine(elsewhere!, "local.db")),
            _ => await RunnerProcess.StartAsync(ChildProcess.ColdStartEnvironment, "--store", store),
        };
        Assert.False(runner.HasExited, runner.Stdout + runner.Stderr);
        var state = elsewhere ?? Path.Combine(runner.WorkDirectory, ".authorizer");
        Assert.Equal(elsewhere is not null, runner.Stdout.Contains(" --key-file ", StringComparison.Ordinal));

        var commands = runner.Stdout.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.StartsWith("    curl ", StringComparison.Ordinal) || line.StartsWith("    " + Run + " ", StringComparison.Ordinal))
            .Select(line => line.Trim())
            .ToList();

        // Admin (2), demo app (5), signed bodies (2), demo identity provider (2).
        Assert.True(commands.Count == 11, runner.Stdout);
        var jwtBodies = new List<string>();
        foreach (var command in commands)
        {
            var (status, body) = await PasteAsync(command, runner.WorkDirectory);
            Assert.True(status is >= 200 and < 300, $"{command}\n→ {status}\n{body}\n{runner.Stderr}");
            if (command.Contains(" jwt ", StringComparison.Ordinal))
            {
                jwtBodies.Add(body);
            }
        }

        Assert.Equal(2, jwtBodies.Count);
        foreach (var body in jwtBodies)
        {
            var context = JsonDocument.Parse(body[body.IndexOf('{', StringComparison.Ordinal)..]).RootElement.GetProperty("authorizer");
            Assert.Equal("jwt", context.GetProperty("scheme").GetString());
            Assert.Equal(DemoIdentityProvider.AppName, context.GetProperty("appName").GetString());
            Assert.Equal("alice", context.GetProperty("claim_sub").GetString());
        }

        var provider = DemoIdentityProvider.Load(Path.Combine(state, DemoIdentityProvider.KeyFileName), create: false);
        var pem = await File.ReadAllTextAsync(provider.KeyFile);
        var keyBody = pem.Split('\n')[1];
        Assert.DoesNotContain("PRIVATE KEY", runner.Stdout + runner.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(keyBody, runner.Stdout + runner.Stderr, StringComparison.Ordinal);
        using (var jwks = new HttpClient())
        {
            Assert.Equal(provider.Jwks, await jwks.GetStringAsync(new Uri(JwksLine().Match(runner.Stdout).Groups[1].Value)));
        }

        using var signer = provider.CreateSigner();
        using var http = new HttpClient();
        var valid = DemoTokens.Mint(signer, DemoIdentityProvider.Issuer, DemoIdentityProvider.Audience, extra: new KeyValuePair<string, string>("scope", "orders:write"));
        using (var allowed = await SendAsync(http, new Uri(runner.HttpBase, "echo/orders"), valid))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            var context = (await GatewayClient.JsonAsync(allowed)).GetProperty("authorizer");
            Assert.Equal("orders:write", context.GetProperty("claim_scope").GetString());
        }

        var refusals = new (string Token, string Reason)[]
        {
            (DemoTokens.Mint(signer, DemoIdentityProvider.Issuer, DemoIdentityProvider.Audience, expiresInSeconds: -120), "token_expired"),
            (DemoTokens.Tampered(valid), "invalid_token"),
            (DemoTokens.Mint(signer, DemoIdentityProvider.Issuer, "some-other-api"), "invalid_audience"),
            (DemoTokens.Mint(signer, "https://elsewhere.example", DemoIdentityProvider.Audience), "invalid_issuer"),
        };
        foreach (var (token, reason) in refusals)
        {
            using var refused = await SendAsync(http, new Uri(runner.HttpBase, "echo/orders"), token);

            // HTTP APIs answer a bare 403; the reason is in the authorizer's decision line for this request.
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            var requestId = GatewayClient.Header(refused, "X-Amzn-RequestId")!;
            Assert.Contains($"\"reason\":\"{reason}\"", await DecisionLineAsync(runner, requestId), StringComparison.Ordinal);
        }

        // Only the HTTP API has the provider: on the REST API a Bearer value is still our own token scheme.
        using (var rest = await SendAsync(http, new Uri(runner.RestBase, "echo/orders"), valid))
        {
            Assert.Equal(HttpStatusCode.Forbidden, rest.StatusCode);
            Assert.Equal("invalid_token", GatewayClient.Header(rest, "X-Ca-Error-Code"));
        }

        // The provider's keys are stored with its settings, so invoke (no server running for it) allows the token too.
        var invokeStore = store.StartsWith("sqlite", StringComparison.Ordinal)
            ? "sqlite:" + Path.Combine(state, "local.db")
            : "dynamodb:" + DynamoDbLocalUrl().Match(runner.Stdout).Groups[1].Value;
        var invoked = await InvokeHttpEventAsync(runner.WorkDirectory, invokeStore, valid);
        Assert.True(invoked.GetProperty("isAuthorized").GetBoolean(), invoked.ToString());
        Assert.Equal("alice", invoked.GetProperty("context").GetProperty("claim_sub").GetString());
    }

    private static async Task<JsonElement> InvokeHttpEventAsync(string workDirectory, string store, string token)
    {
        var (generated, events, errors) = await ChildProcess.RunnerAsync(
            workDirectory, "generate-event", "http-request", "-H", $"Authorization: Bearer {token}", "--template", RepositoryPaths.Template);
        Assert.True(generated == 0, errors);
        var eventPath = Path.Combine(workDirectory, "http-event.json");
        await File.WriteAllTextAsync(eventPath, events);

        var (exit, stdout, stderr) = await ChildProcess.RunnerAsync(
            workDirectory, "invoke", "AuthorizerFunction", "--event", eventPath, "--store", store, "--template", RepositoryPaths.Template);

        Assert.True(exit == 0, $"{stdout}\n{stderr}");
        using var response = JsonDocument.Parse(stdout);
        return response.RootElement.Clone();
    }

    [Fact]
    public async Task A_later_start_on_the_same_store_prints_the_mint_command_again_and_it_still_works()
    {
        var work = Directory.CreateTempSubdirectory("authorizer-runner-again-").FullName;
        try
        {
            await using (var first = await RunnerProcess.StartInAsync(work, ChildProcess.ColdStartEnvironment))
            {
                Assert.Contains("Demo identity provider", first.Stdout, StringComparison.Ordinal);
                Assert.Equal(0, await first.StopAsync());
            }

            await using var again = await RunnerProcess.StartInAsync(work, ChildProcess.ColdStartEnvironment);
            Assert.Contains("Reusing the store", again.Stdout, StringComparison.Ordinal);
            var send = again.Stdout.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("curl -s -H \"Authorization: Bearer $(", StringComparison.Ordinal));
            var (status, body) = await PasteAsync(send, work);
            Assert.True(status == 200, body);
            Assert.Contains("\"claim_sub\":\"alice\"", body, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Runs a banner line as a user pastes it (the runner built once instead of <c>dotnet run</c>); a line that prints
    /// a curl command is followed by that command. The final curl also writes its status code as its last line.
    /// </summary>
    private static async Task<(int Status, string Body)> PasteAsync(string command, string workDirectory)
    {
        var line = command.Replace(Run, $"dotnet '{ChildProcess.RunnerDll}'", StringComparison.Ordinal);
        if (!line.StartsWith("curl ", StringComparison.Ordinal))
        {
            var (exit, printed, stderr) = await ChildProcess.ShellAsync(line, workDirectory);
            Assert.True(exit == 0, $"{command}\n{stderr}");
            line = printed.Trim();
            Assert.StartsWith("curl ", line, StringComparison.Ordinal);
        }

        var (curlExit, output, curlErrors) = await ChildProcess.ShellAsync(line + " -w '\\n%{http_code}'", workDirectory);
        Assert.True(curlExit == 0, $"{line}\n{curlErrors}");
        var last = output.LastIndexOf('\n');
        return (int.Parse(output[(last + 1)..], System.Globalization.CultureInfo.InvariantCulture), output[..last]);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, Uri url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    /// <summary>The authorizer's decision line for a request; the runner's output reaches the test a moment after the answer.</summary>
    private static async Task<string> DecisionLineAsync(RunnerProcess runner, string requestId)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var line = runner.Stdout.Split('\n').FirstOrDefault(l => l.Contains("\"authorizer decision\"", StringComparison.Ordinal) && l.Contains(requestId, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException($"no decision line for request {requestId}:\n{runner.Stdout}");
    }

    [GeneratedRegex(@"JWKS:\s+(http://\S+)")]
    private static partial Regex JwksLine();

    [GeneratedRegex(@"DynamoDB Local \(in memory[^)]*\) at (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex DynamoDbLocalUrl();
}
