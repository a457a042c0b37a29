using System.Diagnostics;
using System.Text.Json;
using Authorizer.Core.Model;
using Authorizer.Local.Commands;

namespace Authorizer.Local.Tests;

/// <summary>The runner's command line: what every command accepts, refuses and prints.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("authorizer-cli-tests-").FullName;

    public static TheoryData<string> Commands => ["start-api", "invoke", "run-native", "generate-event", "sign", "jwt", "bootstrap-admin"];

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_command_answers_help(string command)
    {
        var (exit, stdout, _) = await RunAsync(command, "--help");

        Assert.Equal(0, exit);
        Assert.Contains("Usage:", stdout, StringComparison.Ordinal);
        Assert.Contains(command, stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_command_refuses_an_unknown_option(string command)
    {
        var (exit, _, stderr) = await RunAsync(command, "--no-such-option", "x");

        Assert.Equal(CommandLine.UsageError, exit);
        Assert.Contains("--no-such-option", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mistyped_option_is_an_error_that_suggests_the_right_one()
    {
        var (exit, stdout, stderr) = await RunAsync("start-api", "--prot", "3999", "--template", RepositoryPaths.Template);

        Assert.Equal(CommandLine.UsageError, exit);
        Assert.Contains("'--prot'", stderr, StringComparison.Ordinal);
        Assert.Contains("--port", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Authorizer local gateway", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mistyped_flag_is_suggested_rather_than_read_as_an_argument()
    {
        var (exit, stdout, stderr) = await RunAsync(
            "sign", "--crul", "--scheme", "app-basic", "--key", "k", "--secret", "s", "GET", "http://127.0.0.1:3000/echo/hello");

        Assert.Equal(CommandLine.UsageError, exit);
        Assert.Contains("Did you mean '--curl'?", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("needs a value", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Authorization", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("65536")]
    [InlineData("-1")]
    [InlineData("http")]
    public async Task A_port_outside_0_to_65535_is_a_usage_error(string port)
    {
        var (exit, _, stderr) = await RunAsync("start-api", "--port", port, "--template", RepositoryPaths.Template);

        Assert.Equal(CommandLine.UsageError, exit);
        Assert.Contains("--port", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rest_token_event_without_a_scheme_is_refused_instead_of_printing_an_empty_token()
    {
        var (exit, stdout, stderr) = await RunAsync("generate-event", "rest-token", "--template", RepositoryPaths.Template);

        Assert.Equal(CommandLine.UsageError, exit);
        Assert.Contains("--scheme", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("authorizationToken", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rest_token_event_with_a_signature_scheme_is_refused()
    {
        var (exit, _, stderr) = await RunAsync(
            "generate-event", "rest-token", "--scheme", "signature-ca", "--key", "k", "--secret", "s", "--template", RepositoryPaths.Template);

        Assert.Equal(CommandLine.UsageError, exit);
        Assert.Contains("TOKEN authorizer", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rest_token_event_carries_the_credential_as_its_token()
    {
        var (exit, stdout, _) = await RunAsync(
            "generate-event", "rest-token", "--scheme", "appcode", "--code", GatewayFixture.DemoCode, "--template", RepositoryPaths.Template);

        Assert.Equal(0, exit);
        using var evt = JsonDocument.Parse(stdout);
        Assert.Equal($"APPCODE {GatewayFixture.DemoCode}", evt.RootElement.GetProperty("authorizationToken").GetString());
    }

    [Theory]
    [InlineData("/echo/hello")]
    [InlineData("echo/hello")]
    [InlineData("file:///echo/hello")]
    [InlineData("ftp://127.0.0.1/echo/hello")]
    public async Task Sign_refuses_a_url_that_is_not_absolute_http(string url)
    {
        var (exit, stdout, stderr) = await RunAsync("sign", "--scheme", "app-basic", "--key", "k", "--secret", "s", "GET", url);

        Assert.Equal(CommandLine.UsageError, exit);
        Assert.Contains("not an absolute http:// or https:// URL", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task Signed_curl_commands_are_silent_and_show_the_response_headers()
    {
        var (exit, stdout, _) = await RunAsync("sign", "--scheme", "app-basic", "--key", "k", "--secret", "s", "GET", "http://127.0.0.1:3000/echo/hello", "--curl");

        Assert.Equal(0, exit);
        Assert.StartsWith("curl -si ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_with_a_bad_setting_in_env_vars_is_a_lambda_style_error_and_exit_1()
    {
        // A separate process: the bad value must reach a cold start, and this test process's functions are composed already.
        var envVars = Path.Combine(_directory, "env.json");
        await File.WriteAllTextAsync(envVars, """{"AuthorizerFunction":{"AUTHORIZER_CACHE_TTL_SECONDS":"soon"}}""");

        var (exit, stdout, stderr) = await RunProcessAsync(
            "invoke", "AuthorizerFunction", "--env-vars", envVars, "--event", Path.Combine(RepositoryPaths.Events, "rest-request-appcode.json"),
            "--store", "sqlite:" + Path.Combine(_directory, "local.db"), "--template", RepositoryPaths.Template);

        Assert.Equal(1, exit);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        using var error = JsonDocument.Parse(stdout);
        Assert.Equal("AuthorizerSettingsException", error.RootElement.GetProperty("errorType").GetString());
        Assert.Contains("AUTHORIZER_CACHE_TTL_SECONDS", error.RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seeding_through_invoke_or_run_native_keeps_the_stored_default_api_settings()
    {
        // invoke and run-native seed through LocalStore.OpenAsync(spec, seed, log).
        var spec = "sqlite:" + Path.Combine(_directory, "local.db");
        var edited = new ApiSettings { ApiId = ApiSettings.DefaultApiId, AllowedSchemes = [SchemeIds.SignatureCa], ReplayProtection = ReplayProtection.Required };
        var opened = await LocalStore.OpenAsync(spec, TimeProvider.System, CancellationToken.None);
        await using (opened)
        {
            await opened.Store.PutApiSettingsAsync(edited, null, CancellationToken.None);
        }

        using var log = new StringWriter();
        var seeded = await LocalStore.OpenAsync(spec, Path.Combine(RepositoryPaths.Events, "seed.json"), log, CancellationToken.None);
        await using (seeded)
        {
            var settings = await seeded.Store.GetApiSettingsAsync(ApiSettings.DefaultApiId, CancellationToken.None);
            Assert.NotNull(settings);
            Assert.Equal([SchemeIds.SignatureCa], settings.AllowedSchemes);
            Assert.Equal(ReplayProtection.Required, settings.ReplayProtection);
            Assert.NotNull(await seeded.Store.GetAppByKeyAsync(GatewayFixture.AdminKey, CancellationToken.None));
        }

        Assert.Contains("kept the stored settings of API '*'", log.ToString(), StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CommandLine.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunProcessAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Authorizer.Local.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
