namespace Authorizer.TestSupport;

/// <summary>
/// Work that must overlap to test what it tests: each worker on a dedicated thread (pool threads may be handed out
/// one after another on a small machine), all released at once by a barrier.
/// </summary>
public static class SimultaneousThreads
{
    /// <summary>Runs <paramref name="work"/>(0 … <paramref name="count"/> − 1) on that many threads started together.</summary>
    public static async Task RunAsync(int count, Action<int> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var start = new Barrier(count);
        var workers = Enumerable.Range(0, count).Select(w => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                work(w);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
    }
}
