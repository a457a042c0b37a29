using System.CommandLine;
using System.CommandLine.Invocation;
using Authorizer.Functions.Settings;
using Authorizer.Local.Functions;
using Authorizer.Local.Seeding;
using Authorizer.Local.Template;

namespace Authorizer.Local.Commands;

/// <summary>
/// The runner's command line on System.CommandLine: each command declares its own arguments and options, so an
/// unknown option or a typo is an error with a suggestion, and <c>--help</c> works on every command. Exit codes:
/// 0 done, 1 the work failed (bad store, seed, template, settings or a failing function), 2 a usage error.
/// </summary>
internal static class CommandLine
{
    public const int UsageError = 2;
    public const int Failure = 1;

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr) =>
        RunAsync(args, new CommandIo(Console.OpenStandardInput, stdout, stderr));

    public static async Task<int> RunAsync(string[] args, CommandIo io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var root = Build(io);
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            // The parser's own action prints each error, a "did you mean" for near misses, and the command's help.
            if (result.Action is ParseErrorAction parseError)
            {
                parseError.ShowHelp = true;
                parseError.ShowTypoCorrections = true;
            }

            // All of it goes to stderr: stdout stays empty when the command did not run.
            await result.InvokeAsync(Configuration(io with { Stdout = io.Stderr })).ConfigureAwait(false);
            return UsageError;
        }

        try
        {
            return await result.InvokeAsync(Configuration(io)).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            await io.Stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return UsageError;
        }
        catch (Exception ex) when (ex is IOException or SeedException or TemplateException or AuthorizerSettingsException or HandlerResolutionException or StoreStartupException)
        {
            await io.Stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return Failure;
        }
    }

    internal static RootCommand Build(CommandIo io)
    {
        var root = new RootCommand(
            "Authorizer local runner: serve the template's APIs, invoke its functions, sign requests, mint demo JWTs. "
            + $"Store default: {LocalStore.DefaultSpec} (delete .authorizer/ to start over).")
        {
            StartApiCommand.Create(io),
            InvokeCommand.Create(io),
            RunNativeCommand.Create(io),
            GenerateEventCommand.Create(io),
            SignCommand.Create(io),
            JwtCommand.Create(io),
            BootstrapAdminCommand.Create(io),
        };
        foreach (var command in root.Subcommands)
        {
            OptionLikeValues.Refuse(command);
        }

        return root;
    }

    // Failures are reported above with their message only; the library's own handler would print a stack trace.
    private static InvocationConfiguration Configuration(CommandIo io) =>
        new() { Output = io.Stdout, Error = io.Stderr, EnableDefaultExceptionHandler = false };
}
