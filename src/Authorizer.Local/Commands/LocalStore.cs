namespace Authorizer.Local.Commands;

internal sealed class LocalStore : IAsyncDisposable
{
    public IReadOnlyDictionary<string, string> EnvironmentOverrides { get; } = new Dictionary<string, string>();

    public static Task<LocalStore> OpenAsync(string? store, string? seed, TextWriter log, CancellationToken cancellationToken) =>
        Task.FromResult(new LocalStore());

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
