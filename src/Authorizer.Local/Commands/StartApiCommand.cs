using System.Runtime.InteropServices;

namespace Authorizer.Local.Commands;

/// <summary><c>start-api [--port 3000] [--store …] [--seed FILE] [--template FILE]</c>: serves until Ctrl+C or SIGTERM.</summary>
internal static class StartApiCommand
{
    public static async Task<int> RunAsync(ParsedArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var options = new RunnerOptions
        {
            TemplatePath = TemplateLocator.Find(args.Get("--template")),
            Port = args.GetInt("--port", 3000),
            Store = args.Get("--store"),
            SeedPath = args.Get("--seed"),
        };

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // Ctrl+C and `kill` (SIGTERM) both shut the servers down cleanly.
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        var runner = await LocalRunner.StartAsync(options, stderr, stop.Token).ConfigureAwait(false);
        await using (runner.ConfigureAwait(false))
        {
            await stdout.WriteAsync(StartBanner.Render(runner)).ConfigureAwait(false);
            await stdout.WriteLineAsync("Press Ctrl+C to stop.").ConfigureAwait(false);
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
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
