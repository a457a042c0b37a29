using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Authorizer.Local.RuntimeApi;
using Authorizer.Local.Template;

namespace Authorizer.Local.Commands;

/// <summary>
/// <c>run-native [LogicalId]</c>: runs the custom-runtime <c>bootstrap</c> (the Native AOT publish, or the JIT build
/// with <c>--jit</c>) against the in-process Runtime API emulator with the function's template environment and the
/// local store, hands it one event and prints what it posts; exit 1 with a Lambda-style error on failure.
/// </summary>
internal static class RunNativeCommand
{
    private const string DefaultFunction = "AuthorizerFunction";
    private static readonly string[] Configurations = ["Release", "Debug"];

    public static Command Create(CommandIo io)
    {
        var logicalId = new Argument<string>("LogicalId")
        {
            Description = "The function's logical id in the template.",
            DefaultValueFactory = _ => DefaultFunction,
        };
        var jit = new Option<bool>("--jit") { Description = "Run the JIT build (dotnet bootstrap.dll) instead of the Native AOT publish." };
        var binary = new Option<string>("--binary")
        {
            Description = "Any executable, or a command line such as \"dotnet path/bootstrap.dll\".",
            HelpName = "PATH",
        };
        var eventOption = CommonOptions.Event();
        var envVars = CommonOptions.EnvVars();
        var store = CommonOptions.Store();
        var seed = CommonOptions.Seed();
        var template = CommonOptions.Template();
        var command = new Command("run-native", "Runs the custom-runtime bootstrap against an emulated Lambda Runtime API with one event.")
        {
            logicalId, jit, binary, eventOption, envVars, store, seed, template,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(jit) && result.GetValue(binary) is not null)
            {
                result.AddError("--jit and --binary cannot be used together.");
            }
        });
        command.SetAction((result, _) => RunAsync(
            new RunNativeArguments(
                result.GetValue(logicalId)!,
                result.GetValue(jit),
                result.GetValue(binary),
                new InvokeArguments(
                    result.GetValue(logicalId)!,
                    result.GetValue(eventOption),
                    result.GetValue(envVars),
                    result.GetValue(store),
                    result.GetValue(seed),
                    result.GetValue(template))),
            io));
        return command;
    }

    private static async Task<int> RunAsync(RunNativeArguments args, CommandIo io)
    {
        var stdout = io.Stdout;
        var stderr = io.Stderr;
        var logicalId = args.LogicalId;
        var templatePath = TemplateLocator.Find(args.Invoke.Template);
        var template = TemplateReader.Read(templatePath);
        var function = template.GetFunction(logicalId);
        var root = Path.GetDirectoryName(Path.GetFullPath(templatePath))!;
        var startInfo = StartInfo(args, root);
        var payload = await InvokeCommand.ReadEventAsync(args.Invoke.Event, io.Stdin).ConfigureAwait(false);
        var timeout = TimeSpan.FromSeconds(Math.Max(1, function.TimeoutSeconds) + (args.Jit ? 30 : 5));

        var local = await LocalStore.OpenAsync(args.Invoke.Store, args.Invoke.Seed, stderr, CancellationToken.None, templatePath).ConfigureAwait(false);
        await using (local.ConfigureAwait(false))
        {
            foreach (var (name, value) in function.Environment)
            {
                startInfo.Environment[name] = value;
            }

            foreach (var (name, value) in InvokeCommand.LocalOverrides(local, args.Invoke.EnvVars, logicalId))
            {
                startInfo.Environment[name] = value;
            }

            var emulator = new RuntimeApiEmulator();
            await using (emulator.ConfigureAwait(false))
            {
                RuntimeInvocationResult result;
                try
                {
                    result = await emulator.InvokeProcessAsync(startInfo, payload, timeout, stderr, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
                {
                    return await FailAsync(stdout, stderr, logicalId, ex.GetType().Name, ex.Message).ConfigureAwait(false);
                }

                if (!result.IsError)
                {
                    await stdout.WriteLineAsync(Encoding.UTF8.GetString(result.Payload)).ConfigureAwait(false);
                    return 0;
                }

                var (errorType, errorMessage) = ReadError(result);
                return await FailAsync(stdout, stderr, logicalId, errorType, errorMessage).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// <c>--binary PATH</c> (or a command such as <c>"dotnet path/to/bootstrap.dll"</c>), <c>--jit</c> (the built
    /// <c>bootstrap.dll</c> under dotnet), or the linux-x64 Native AOT publish of <c>src/Authorizer.Runtime</c>.
    /// </summary>
    internal static ProcessStartInfo StartInfo(RunNativeArguments args, string repositoryRoot)
    {
        var runtimeProject = Path.Combine(repositoryRoot, "src", "Authorizer.Runtime");
        ProcessStartInfo info;
        if (args.Binary is { } binary)
        {
            var parts = File.Exists(binary) ? [binary] : binary.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length == 0)
            {
                throw new UsageException("--binary: empty");
            }

            info = new ProcessStartInfo(parts[0]);
            foreach (var argument in parts[1..])
            {
                info.ArgumentList.Add(argument);
            }
        }
        else if (args.Jit)
        {
            var dll = Configurations
                .Select(configuration => Path.Combine(runtimeProject, "bin", configuration, "net10.0", "bootstrap.dll"))
                .Where(File.Exists)
                .OrderByDescending(File.GetLastWriteTimeUtc)
                .FirstOrDefault()
                ?? throw new UsageException($"--jit: no bootstrap.dll under {runtimeProject}/bin; run: dotnet build src/Authorizer.Runtime");
            info = new ProcessStartInfo("dotnet");
            info.ArgumentList.Add(dll);
        }
        else
        {
            var published = Path.Combine(runtimeProject, "bin", "Release", "net10.0", "linux-x64", "publish", "bootstrap");
            if (!File.Exists(published))
            {
                throw new UsageException($"no native bootstrap at {published}; run: dotnet publish src/Authorizer.Runtime -c Release -r linux-x64 (or use --jit)");
            }

            info = new ProcessStartInfo(published);
        }

        // The runtime's own logs (JSON lines, EMF) are copied to stderr by the emulator; stdout carries only the response.
        info.UseShellExecute = false;
        info.WorkingDirectory = Environment.CurrentDirectory;
        return info;
    }

    private static (string ErrorType, string ErrorMessage) ReadError(RuntimeInvocationResult result)
    {
        var errorType = result.ErrorType ?? "Exception";
        var errorMessage = "The runtime reported an error.";
        try
        {
            using var document = JsonDocument.Parse(result.Payload);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (document.RootElement.TryGetProperty("errorType", out var type) && type.ValueKind == JsonValueKind.String)
                {
                    errorType = type.GetString()!;
                }

                if (document.RootElement.TryGetProperty("errorMessage", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    errorMessage = message.GetString()!;
                }
            }
        }
        catch (JsonException)
        {
            // A non-JSON error body still fails the run; the header's type is all there is to report.
        }

        return (errorType, errorMessage);
    }

    private static async Task<int> FailAsync(TextWriter stdout, TextWriter stderr, string logicalId, string errorType, string errorMessage)
    {
        var error = JsonSerializer.Serialize(new Dictionary<string, string> { ["errorType"] = errorType, ["errorMessage"] = errorMessage });
        await stdout.WriteLineAsync(error).ConfigureAwait(false);
        await stderr.WriteLineAsync($"{logicalId} failed: {errorType}: {errorMessage}").ConfigureAwait(false);
        return 1;
    }
}

internal sealed record RunNativeArguments(string LogicalId, bool Jit, string? Binary, InvokeArguments Invoke);
