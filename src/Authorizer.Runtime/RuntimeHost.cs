using Authorizer.Functions;

namespace Authorizer.Runtime;

/// <summary>What the loop invokes: the authorizer handler, composed once per container from the environment.</summary>
internal sealed class RuntimeHost
{
    private readonly AuthorizerFunction _function;

    private RuntimeHost(AuthorizerFunction function)
    {
        _function = function;
    }

    /// <summary>Builds the composition now, so a bad setting is an init error rather than a failed first invocation.</summary>
    public static RuntimeHost Create() => new(new AuthorizerFunction());

    // The handler has no token parameter; the loop bounds it by the deadline with WaitAsync.
    public Task<Stream> HandleAsync(Stream input, CancellationToken cancellationToken) => _function.Handler(input);

    public static Task AfterInvocationAsync(CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Task.CompletedTask;
}
