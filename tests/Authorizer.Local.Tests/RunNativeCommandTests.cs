using System.Text.Json;
using System.Text.Json.Nodes;
using Authorizer.Local.Commands;

namespace Authorizer.Local.Tests;

/// <summary>
/// <c>run-native --jit</c>: the custom-runtime host (<c>src/Authorizer.Runtime</c>, built by this project's reference)
/// answers through the Runtime API emulator exactly as <c>invoke</c> answers in-process.
/// </summary>
[Collection(SharedGateway.Name)]
public sealed class RunNativeCommandTests(GatewayFixture gateway) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("authorizer-run-native-").FullName;

    private string StoreSpec => "sqlite:" + Path.Combine(_directory, "local.db");

    private static string Seed => Path.Combine(RepositoryPaths.Events, "seed.json");

    [Fact]
    public async Task The_runtime_host_allows_the_shipped_appcode_event_like_invoke()
    {
        // The in-process functions compose once per test process, on the shared gateway's store: use that store here too.
        var eventPath = Path.Combine(RepositoryPaths.Events, "rest-request-appcode.json");

        var (exit, stdout, stderr) = await RunAsync(
            "run-native", "--jit", "--event", eventPath, "--store", gateway.StoreSpec, "--template", RepositoryPaths.Template);
        var (invokeExit, invokeStdout, _) = await RunAsync(
            "invoke", "AuthorizerFunction", "--event", eventPath, "--store", gateway.StoreSpec, "--template", RepositoryPaths.Template);

        Assert.True(exit == 0, stderr + stdout);
        Assert.Contains("authorizer decision", stderr, StringComparison.Ordinal);
        Assert.Equal(0, invokeExit);
        using var response = JsonDocument.Parse(stdout);
        Assert.Equal("Allow", response.RootElement.GetProperty("policyDocument").GetProperty("Statement")[0].GetProperty("Effect").GetString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(invokeStdout), JsonNode.Parse(stdout)), $"run-native: {stdout}\ninvoke: {invokeStdout}");
    }

    [Fact]
    public async Task An_event_without_a_credential_is_a_lambda_style_unauthorized_error()
    {
        var (exit, stdout, stderr) = await RunAsync(
            "run-native", "--jit", "--event", Path.Combine(RepositoryPaths.Events, "rest-request-no-credential.json"),
            "--store", StoreSpec, "--seed", Seed, "--template", RepositoryPaths.Template);

        LambdaStyleError.AssertUnauthorized(exit, stdout, stderr);
    }

    [Fact]
    public async Task A_missing_binary_is_a_clear_usage_error()
    {
        var (exit, _, stderr) = await RunAsync(
            "run-native", "--binary", Path.Combine(_directory, "no-such-bootstrap"), "--store", StoreSpec, "--template", RepositoryPaths.Template);

        Assert.NotEqual(0, exit);
        Assert.Contains("no-such-bootstrap", stderr + exit, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CommandLine.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
