using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Authorizer.Local.Commands;

namespace Authorizer.Local.Tests;

/// <summary><c>start-api</c> on the DynamoDB stores, through the runner's own process.</summary>
public sealed partial class DynamoDbStoreRunTests
{
    private const string AdminKey = "100000000001";
    private const string AdminSecret = "local-admin-secret-not-for-production-0001";
    private const string DemoKey = "203952345678";
    private const string DemoSecret = "demo-secret-not-for-production-0123456789ab";

    [Fact]
    public async Task Dynamodb_local_serves_lists_and_tokens_and_stops_its_server_on_exit()
    {
        await using var runner = await RunnerProcess.StartAsync("--store", "dynamodb:local", "--seed", Path.Combine(RepositoryPaths.Root, "events", "seed.json"));
        Assert.False(runner.HasExited, runner.Stdout + runner.Stderr);
        var endpoint = new Uri(DynamoDbLocalUrl().Match(runner.Stdout).Groups[1].Value);
        Assert.Contains("in memory", runner.Stdout, StringComparison.Ordinal);

        using var http = new HttpClient { BaseAddress = runner.RestBase };
        var admin = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{AdminKey}:{AdminSecret}")));

        // Listing goes through the GSI the template declares.
        using (var list = new HttpRequestMessage(HttpMethod.Get, "v1/apps") { Headers = { Authorization = admin } })
        using (var listed = await http.SendAsync(list))
        {
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
            Assert.Contains(AdminKey, await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A token is issued on this store and accepted by the authorizer.
        string token;
        var demo = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{DemoKey}:{DemoSecret}")));
        using (var issue = new HttpRequestMessage(HttpMethod.Post, "v1/tokens") { Headers = { Authorization = demo } })
        using (var issued = await http.SendAsync(issue))
        {
            Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
            token = Assert.Single(issued.Headers.GetValues("X-Subject-Token"));
        }

        using (var call = new HttpRequestMessage(HttpMethod.Get, "echo/hello") { Headers = { { "X-Auth-Token", token } } })
        using (var called = await http.SendAsync(call))
        {
            Assert.Equal(HttpStatusCode.OK, called.StatusCode);
        }

        Assert.Equal(0, await runner.StopAsync());
        Assert.False(await StillServesAsync(endpoint), $"DynamoDB Local at {endpoint} still runs after start-api stopped:\n{runner.Stdout}\n{runner.Stderr}");
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_a_clear_error_without_a_stack_trace()
    {
        var port = ClosedPort();
        await using var runner = await RunnerProcess.StartAsync("--store", $"dynamodb:http://127.0.0.1:{port}");

        Assert.True(runner.HasExited);
        Assert.Equal(1, runner.ExitCode);
        Assert.StartsWith($"error: cannot reach the DynamoDB endpoint http://127.0.0.1:{port}/", runner.Stderr, StringComparison.Ordinal);
        AssertNoStackTrace(runner.Stderr);
    }

    [Fact]
    public async Task An_endpoint_without_an_operation_the_store_needs_is_named_in_a_clear_error()
    {
        using var listener = new HttpListener();
        var port = ClosedPort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serving = AnswerUnknownOperationAsync(listener);

        await using var runner = await RunnerProcess.StartAsync("--store", $"dynamodb:http://127.0.0.1:{port}");

        Assert.True(runner.HasExited);
        Assert.Equal(1, runner.ExitCode);
        Assert.Contains("does not implement an operation the store needs (UnknownOperationException while creating table", runner.Stderr, StringComparison.Ordinal);
        Assert.Contains("--store dynamodb:local", runner.Stderr, StringComparison.Ordinal);
        AssertNoStackTrace(runner.Stderr);
        listener.Stop();
        await serving;
    }

    [Fact]
    public async Task Dynamodb_aws_without_credentials_is_a_clear_error_naming_the_credential_chain()
    {
        var nowhere = Path.Combine(Path.GetTempPath(), "authorizer-no-such-aws-" + Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string?>
        {
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = null,
            ["AWS_SECRET_ACCESS_KEY"] = null,
            ["AWS_SESSION_TOKEN"] = null,
            ["AWS_PROFILE"] = null,
            ["AWS_WEB_IDENTITY_TOKEN_FILE"] = null,
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(nowhere, "credentials"),
            ["AWS_CONFIG_FILE"] = Path.Combine(nowhere, "config"),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };

        await using var runner = await RunnerProcess.StartAsync(environment, "--store", "dynamodb:aws");

        Assert.True(runner.HasExited);
        Assert.Equal(1, runner.ExitCode);
        Assert.StartsWith("error: DynamoDB (AWS): ", runner.Stderr, StringComparison.Ordinal);
        Assert.Contains("credential chain", runner.Stderr, StringComparison.Ordinal);
        AssertNoStackTrace(runner.Stderr);
    }

    [Theory]
    [InlineData("dynamodb:local", nameof(StoreKind.DynamoDbLocal), false, null)]
    [InlineData("dynamodb:local:persist", nameof(StoreKind.DynamoDbLocal), true, null)]
    [InlineData("dynamodb:aws", nameof(StoreKind.DynamoDbAws), false, null)]
    [InlineData("dynamodb:aws:prod-apps", nameof(StoreKind.DynamoDbAws), false, null)]
    [InlineData("dynamodb:http://127.0.0.1:8000", nameof(StoreKind.DynamoDbEndpoint), false, "http://127.0.0.1:8000/")]
    public void Store_specs_name_the_store(string spec, string kind, bool persist, string? endpoint)
    {
        var parsed = StoreSpec.Parse(spec);

        Assert.Equal(kind, parsed.Kind.ToString());
        Assert.Equal(persist, parsed.Persist);
        Assert.Equal(endpoint, parsed.Endpoint?.ToString());
        Assert.Equal(spec == "dynamodb:aws:prod-apps" ? "prod-apps" : StoreSpec.DefaultTableName, parsed.TableName);
    }

    [Theory]
    [InlineData("dynamodb:")]
    [InlineData("dynamodb:local:somewhere")]
    [InlineData("dynamodb:aws:x")]
    [InlineData("dynamodb:ftp://host")]
    [InlineData("mysql:db")]
    [InlineData("sqlite:")]
    public void A_bad_store_spec_is_a_usage_error(string spec)
    {
        var error = Assert.Throws<UsageException>(() => StoreSpec.Parse(spec));
        Assert.StartsWith("--store", error.Message, StringComparison.Ordinal);
    }

    private static void AssertNoStackTrace(string stderr)
    {
        Assert.DoesNotMatch(StackFrame(), stderr);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
    }

    private static async Task AnswerUnknownOperationAsync(HttpListener listener)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var body = """{"__type":"com.amazon.coral.service#UnknownOperationException","message":"An unknown operation was requested."}"""u8.ToArray();
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/x-amz-json-1.0";
            context.Response.Headers["x-amzn-ErrorType"] = "UnknownOperationException";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Whether the endpoint still accepts connections 5 s on (a killed JVM can take a moment to go).</summary>
    private static async Task<bool> StillServesAsync(Uri endpoint)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(endpoint.Host, endpoint.Port);
            }
            catch (SocketException)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    [GeneratedRegex(@"DynamoDB Local \(in memory[^)]*\) at (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex DynamoDbLocalUrl();

    [GeneratedRegex(@"^\s+at \S+\(", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}
