using System.Text.Json;
using System.Text.Json.Nodes;
using Authorizer.Functions;
using Authorizer.Local.Commands;

namespace Authorizer.Local.Tests;

/// <summary><c>invoke</c>: the function's own response on stdout, a Lambda-style error and exit 1 on failure.</summary>
[Collection(SharedGateway.Name)]
public sealed class InvokeCommandTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Invoke_prints_exactly_what_the_handler_returns()
    {
        var eventPath = Path.Combine(RepositoryPaths.Events, "echo-proxy.json");
        var (exit, stdout, _) = await RunAsync("invoke", "EchoFunction", "--event", eventPath, "--store", gateway.StoreSpec);

        await using var direct = await new EchoFunction().Handler(new MemoryStream(await File.ReadAllBytesAsync(eventPath)));
        using var reader = new StreamReader(direct);
        var expected = await reader.ReadToEndAsync();
        Assert.Equal(0, exit);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(stdout)), stdout);
    }

    [Theory]
    [InlineData("rest-request-appcode.json")]
    [InlineData("rest-request-app-basic.json")]
    [InlineData("rest-request-app-secret.json")]
    [InlineData("rest-token-appcode.json")]
    public async Task The_shipped_authorizer_events_are_allowed_for_the_seeded_demo_app(string file)
    {
        var (exit, stdout, _) = await RunAsync("invoke", "AuthorizerFunction", "--event", Path.Combine(RepositoryPaths.Events, file), "--store", gateway.StoreSpec);

        Assert.Equal(0, exit);
        using var response = JsonDocument.Parse(stdout);
        var statement = response.RootElement.GetProperty("policyDocument").GetProperty("Statement")[0];
        Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
        Assert.Equal(GatewayFixture.DemoKey, response.RootElement.GetProperty("context").GetProperty("appKey").GetString());
    }

    [Fact]
    public async Task A_failing_function_exits_non_zero_with_a_lambda_style_error()
    {
        var (exit, stdout, stderr) = await RunAsync(
            "invoke", "AuthorizerFunction", "--event", Path.Combine(RepositoryPaths.Events, "rest-request-no-credential.json"), "--store", gateway.StoreSpec);

        LambdaStyleError.AssertUnauthorized(exit, stdout, stderr);
    }

    [Fact]
    public async Task An_unknown_function_is_a_clear_error()
    {
        var (exit, _, stderr) = await RunAsync("invoke", "NoSuchFunction", "--store", gateway.StoreSpec);

        Assert.NotEqual(0, exit);
        Assert.Contains("NoSuchFunction", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Env_vars_files_follow_the_sam_format()
    {
        var path = Path.Combine(gateway.Directory, "env.json");
        await File.WriteAllTextAsync(path, """{"Parameters":{"A":"1","B":"1"},"EchoFunction":{"B":"2"},"Other":{"A":"3"}}""");

        var variables = EnvVarsFile.Load(path, "EchoFunction");

        Assert.Equal("1", variables["A"]);
        Assert.Equal("2", variables["B"]);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CommandLine.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
