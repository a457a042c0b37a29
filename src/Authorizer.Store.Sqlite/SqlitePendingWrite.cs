namespace Authorizer.Store.Sqlite;

/// <summary>
/// A write waiting in <see cref="SqliteWriter"/>'s queue. The writer thread takes it (<see cref="TryTake"/>) before it
/// runs it; a caller that gives up first cancels it, and then it never runs. Either way exactly one of the two wins,
/// so a cancelled caller's write is not committed behind its back.
/// </summary>
internal abstract class SqlitePendingWrite
{
    private const int Queued = 0;
    private const int Taken = 1;
    private const int Cancelled = 2;

    private int _state;
    private CancellationTokenRegistration _registration;

    /// <summary>Cancels the write while it waits in the queue (never one that the writer has taken).</summary>
    public void CancelWhileQueued(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.UnsafeRegister(
                static (state, token) => ((SqlitePendingWrite)state!).TryCancel(token), this);
        }
    }

    public bool TryTake()
    {
        var taken = Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;
        if (taken)
        {
            // Once taken the caller's token no longer applies; unregistering (without waiting) frees it early.
            _registration.Unregister();
        }

        return taken;
    }

    public abstract void Fail(Exception error);

    protected abstract void SetCanceled(CancellationToken cancellationToken);

    private void TryCancel(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
        {
            SetCanceled(cancellationToken);
        }
    }
}

/// <summary>A write that runs alone: its own statements and transaction, if any.</summary>
internal abstract class SqliteSoloWrite : SqlitePendingWrite
{
    public abstract void Run(SqliteWriter writer);
}

/// <summary>A solo write that returns a value.</summary>
internal sealed class SqliteSoloWrite<T>(Func<SqliteWriter, T> work) : SqliteSoloWrite
{
    // Completed on the writer thread; continuations run on the pool so no caller's code runs on that thread.
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Task => _done.Task;

    public override void Run(SqliteWriter writer) => _done.TrySetResult(work(writer));

    public override void Fail(Exception error) => _done.TrySetException(error);

    protected override void SetCanceled(CancellationToken cancellationToken) => _done.TrySetCanceled(cancellationToken);
}

/// <summary>A write that runs inside a group's transaction; its answer is given only once the group has committed.</summary>
internal sealed class SqliteGroupedWrite(Func<SqliteWriter, bool> work) : SqlitePendingWrite
{
    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<bool> Task => _done.Task;

    public bool Run(SqliteWriter writer) => work(writer);

    public void Complete(bool result) => _done.TrySetResult(result);

    public override void Fail(Exception error) => _done.TrySetException(error);

    protected override void SetCanceled(CancellationToken cancellationToken) => _done.TrySetCanceled(cancellationToken);
}
