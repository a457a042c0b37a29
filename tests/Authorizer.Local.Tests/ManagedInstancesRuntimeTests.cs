using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Authorizer.Local.Commands;
using Authorizer.Local.RuntimeApi;
using Authorizer.Local.Template;

namespace Authorizer.Local.Tests;

/// <summary>
/// The custom-runtime host (JIT build of <c>src/Authorizer.Runtime</c>) as Lambda Managed Instances run it: with
/// <c>AWS_LAMBDA_MAX_CONCURRENCY</c> it keeps that many <c>invocation/next</c> polls outstanding on the emulated
/// Runtime API and answers concurrent invocations as it answers one.
/// </summary>
public sealed class ManagedInstancesRuntimeTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("authorizer-managed-instances-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_runtime_keeps_the_configured_polls_outstanding_and_answers_concurrent_invocations_alike()
    {
        const int Concurrency = 8;
        var payload = await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Events, "rest-request-appcode.json"));
        await using var emulator = new RuntimeApiEmulator();
        emulator.Start();

        using var process = await StartRuntimeAsync(emulator, Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            await emulator.WaitForPollsAsync(Concurrency, Timeout);
            var single = await emulator.InvokeAsync(payload, Timeout);
            var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => emulator.InvokeAsync(payload, Timeout)));

            Assert.False(single.IsError, Encoding.UTF8.GetString(single.Payload));
            var expected = JsonNode.Parse(single.Payload);
            Assert.Equal("Allow", (string?)expected!["policyDocument"]!["Statement"]![0]!["Effect"]);
            Assert.All(results, r =>
            {
                Assert.False(r.IsError, Encoding.UTF8.GetString(r.Payload));
                Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(r.Payload)), Encoding.UTF8.GetString(r.Payload));
            });
            Assert.Equal(Concurrency, emulator.PeakWaitingPolls);
        }
        finally
        {
            await StopAsync(process);
        }
    }

    [Fact]
    public async Task An_invalid_max_concurrency_is_an_init_error_naming_the_variable()
    {
        await using var emulator = new RuntimeApiEmulator();
        emulator.Start();

        using var process = await StartRuntimeAsync(emulator, "lots");
        try
        {
            var error = await emulator.InitError.WaitAsync(Timeout);

            Assert.True(error.IsError);
            Assert.Contains("AWS_LAMBDA_MAX_CONCURRENCY", Encoding.UTF8.GetString(error.Payload), StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(process);
        }
    }

    private async Task<Process> StartRuntimeAsync(RuntimeApiEmulator emulator, string maxConcurrency)
    {
        var template = TemplateReader.Read(RepositoryPaths.Template);
        var function = template.GetFunction("AuthorizerFunction");
        var info = RunNativeCommand.StartInfo(new RunNativeArguments("AuthorizerFunction", Jit: true, Binary: null, new InvokeArguments("AuthorizerFunction", null, null, null, null, null)), Path.GetDirectoryName(RepositoryPaths.Template)!);
        var local = await LocalStore.OpenAsync(
            "sqlite:" + Path.Combine(_directory, "local.db"), Path.Combine(RepositoryPaths.Events, "seed.json"), TextWriter.Null, CancellationToken.None);
        await using (local)
        {
            foreach (var (name, value) in function.Environment)
            {
                info.Environment[name] = value;
            }

            foreach (var (name, value) in InvokeCommand.LocalOverrides(local, null, "AuthorizerFunction"))
            {
                info.Environment[name] = value;
            }
        }

        info.Environment["AUTHORIZER_LOG_LEVEL"] = "none";
        info.Environment["AWS_LAMBDA_RUNTIME_API"] = emulator.RuntimeApiAddress;
        info.Environment["AWS_LAMBDA_MAX_CONCURRENCY"] = maxConcurrency;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var process = Process.Start(info) ?? throw new InvalidOperationException("the runtime did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
