using System.CommandLine;
using System.Text;
using System.Text.Json;
using Authorizer.Local.Functions;
using Authorizer.Local.Template;

namespace Authorizer.Local.Commands;

/// <summary>
/// <c>invoke &lt;LogicalId&gt;</c>, like <c>sam local invoke</c>: the template's handler and environment (Globals
/// merged), the local store, then <c>--env-vars</c>; response on stdout, logs on stderr, exit 1 with a
/// Lambda-style error on failure.
/// </summary>
internal static class InvokeCommand
{
    public static Command Create(CommandIo io)
    {
        var logicalId = new Argument<string>("LogicalId") { Description = "The function's logical id in the template." };
        var eventOption = CommonOptions.Event();
        var envVars = CommonOptions.EnvVars();
        var store = CommonOptions.Store();
        var seed = CommonOptions.Seed();
        var template = CommonOptions.Template();
        var command = new Command("invoke", "Runs one function in-process with an event, like sam local invoke.")
        {
            logicalId, eventOption, envVars, store, seed, template,
        };
        command.SetAction((result, _) => RunAsync(
            new InvokeArguments(
                result.GetValue(logicalId)!,
                result.GetValue(eventOption),
                result.GetValue(envVars),
                result.GetValue(store),
                result.GetValue(seed),
                result.GetValue(template)),
            io));
        return command;
    }

    private static async Task<int> RunAsync(InvokeArguments args, CommandIo io)
    {
        var stdout = io.Stdout;
        var stderr = io.Stderr;
        var logicalId = args.LogicalId;
        var template = TemplateReader.Read(TemplateLocator.Find(args.Template));
        var function = template.GetFunction(logicalId);
        var payload = await ReadEventAsync(args.Event, io.Stdin).ConfigureAwait(false);

        var local = await LocalStore.OpenAsync(args.Store, args.Seed, stderr, CancellationToken.None, template.Path).ConfigureAwait(false);
        await using (local.ConfigureAwait(false))
        {
            FunctionHost.ApplyEnvironment([function], LocalOverrides(local, args.EnvVars, logicalId));
            var host = new FunctionHost(template);
            try
            {
                var output = await host.InvokeAsync(logicalId, payload, CancellationToken.None).ConfigureAwait(false);
                await stdout.WriteLineAsync(Encoding.UTF8.GetString(output)).ConfigureAwait(false);
                return 0;
            }
            catch (Exception ex) when (ex is FunctionInvocationException or HandlerResolutionException)
            {
                var errorType = ex is FunctionInvocationException invocation ? invocation.ErrorType : nameof(HandlerResolutionException);
                var error = JsonSerializer.Serialize(new Dictionary<string, string> { ["errorType"] = errorType, ["errorMessage"] = ex.Message });
                await stdout.WriteLineAsync(error).ConfigureAwait(false);
                await stderr.WriteLineAsync($"{logicalId} failed: {errorType}: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        }
    }

    /// <summary>What a local run sets on top of the template's variables: the local store, then <c>--env-vars</c>.</summary>
    internal static Dictionary<string, string> LocalOverrides(LocalStore local, string? envVarsPath, string logicalId)
    {
        var environment = new Dictionary<string, string>(local.EnvironmentOverrides, StringComparer.Ordinal);
        if (envVarsPath is not null)
        {
            foreach (var (name, value) in EnvVarsFile.Load(envVarsPath, logicalId))
            {
                environment[name] = value;
            }
        }

        return environment;
    }

    internal static async Task<byte[]> ReadEventAsync(string? source, Func<Stream> stdin)
    {
        if (source is null)
        {
            return "{}"u8.ToArray();
        }

        if (source == "-")
        {
            using var buffer = new MemoryStream();
            var input = stdin();
            await using (input.ConfigureAwait(false))
            {
                await input.CopyToAsync(buffer).ConfigureAwait(false);
            }
            return buffer.ToArray();
        }

        return File.Exists(source) ? await File.ReadAllBytesAsync(source).ConfigureAwait(false) : throw new UsageException($"--event: {source} not found");
    }
}

internal sealed record InvokeArguments(string LogicalId, string? Event, string? EnvVars, string? Store, string? Seed, string? Template);
