namespace Authorizer.Local.Commands;

internal static class GenerateEventCommand
{
    public static Task<int> RunAsync(ParsedArgs args, TextWriter stdout, TextWriter? stderr = null, CancellationToken cancellationToken = default) => Task.FromResult(args.Positionals.Count + (stderr is null ? 0 : 0) + (cancellationToken.IsCancellationRequested ? 1 : 0) + stdout.Encoding.CodePage * 0);
}
