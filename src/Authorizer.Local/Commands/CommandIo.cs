namespace Authorizer.Local.Commands;

/// <summary>The streams a command reads and writes (the console, or writers a test hands in).</summary>
internal sealed record CommandIo(Func<Stream> Stdin, TextWriter Stdout, TextWriter Stderr);
