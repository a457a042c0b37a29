namespace Authorizer.Runtime;

/// <summary>What the loop invokes: the authorizer handler, built once per container.</summary>
internal sealed class RuntimeHost
{
    private RuntimeHost()
    {
    }

    public static RuntimeHost Create() => new();

    public static Task<Stream> HandleAsync(Stream input, CancellationToken cancellationToken)
    {
        // Replaced by the authorizer handler once it is available.
        var copy = new MemoryStream();
        input.CopyTo(copy);
        copy.Position = 0;
        return Task.FromResult<Stream>(copy);
    }

    public static Task AfterInvocationAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
