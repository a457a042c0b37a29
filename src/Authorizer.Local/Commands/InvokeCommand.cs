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
    public static async Task<int> RunAsync(ParsedArgs args, Stream stdin, TextWriter stdout, TextWriter stderr)
    {
        if (args.Positionals.Count != 1)
        {
            throw new UsageException("invoke needs exactly one function logical id");
        }

        var logicalId = args.Positionals[0];
        var template = TemplateReader.Read(TemplateLocator.Find(args.Get("--template")));
        var function = template.GetFunction(logicalId);
        var payload = await ReadEventAsync(args.Get("--event"), stdin).ConfigureAwait(false);

        var local = await LocalStore.OpenAsync(args.Get("--store"), args.Get("--seed"), stderr, CancellationToken.None).ConfigureAwait(false);
        await using (local.ConfigureAwait(false))
        {
            FunctionHost.ApplyEnvironment([function], LocalOverrides(local, args.Get("--env-vars"), logicalId));
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

    internal static async Task<byte[]> ReadEventAsync(string? source, Stream stdin)
    {
        if (source is null)
        {
            return "{}"u8.ToArray();
        }

        if (source == "-")
        {
            using var buffer = new MemoryStream();
            await stdin.CopyToAsync(buffer).ConfigureAwait(false);
            return buffer.ToArray();
        }

        return File.Exists(source) ? await File.ReadAllBytesAsync(source).ConfigureAwait(false) : throw new UsageException($"--event: {source} not found");
    }
}
