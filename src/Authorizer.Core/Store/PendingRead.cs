namespace Authorizer.Core.Store;

/// <summary>
/// Reads started ahead of need (<see cref="AppDirectory"/>): one whose result is not wanted any more, or whose
/// failure is not the caller's, ends unobserved by the caller; its exception is observed here instead of reaching
/// the unobserved-task handler.
/// </summary>
internal static class PendingRead
{
    public static void Abandon(Task? read) =>
        read?.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>The read's result, or null when it failed: the value was only an offer, and whoever needs it reads again.</summary>
    public static async ValueTask<T?> ResultOrNullAsync<T>(Task<T>? read)
        where T : class
    {
        if (read is null)
        {
            return null;
        }

        try
        {
            return await read.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    }
}
