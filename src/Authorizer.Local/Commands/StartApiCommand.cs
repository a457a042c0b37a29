using System.CommandLine;
using System.Runtime.InteropServices;

namespace Authorizer.Local.Commands;

/// <summary><c>start-api [--port 3000] [--store …] [--seed FILE] [--template FILE]</c>: serves until Ctrl+C or SIGTERM.</summary>
internal static class StartApiCommand
{
    public static Command Create(CommandIo io)
    {
        var port = new Option<int>("--port")
        {
            Description = "The first API's port; each next API takes the next port (0 picks free ports).",
            HelpName = "PORT",
            DefaultValueFactory = _ => 3000,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
                if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
                    && value <= 65535)
                {
                    return value;
                }

                result.AddError($"--port must be a number from 0 to 65535, not '{text}'.");
                return 0;
            },
        };
        var store = CommonOptions.Store();
        var seed = CommonOptions.Seed();
        var template = CommonOptions.Template();
        var command = new Command("start-api", "Serves every API of the template on loopback, with the web console at /console/.")
        {
            port, store, seed, template,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            new RunnerOptions
            {
                TemplatePath = TemplateLocator.Find(result.GetValue(template)),
                Port = result.GetValue(port),
                Store = result.GetValue(store),
                SeedPath = result.GetValue(seed),
            },
            io,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(RunnerOptions options, CommandIo io, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // Ctrl+C and `kill` (SIGTERM) both shut the servers down cleanly.
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        var runner = await LocalRunner.StartAsync(options, io.Stderr, stop.Token).ConfigureAwait(false);
        await using (runner.ConfigureAwait(false))
        {
            await io.Stdout.WriteAsync(StartBanner.Render(runner)).ConfigureAwait(false);
            await io.Stdout.WriteLineAsync("Press Ctrl+C to stop.").ConfigureAwait(false);
            await io.Stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A signal: fall through to shut the servers down.
            }
        }

        return 0;
    }
}
