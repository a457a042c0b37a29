using Authorizer.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Authorizer.Store.Tests;

/// <summary>
/// The writer's queue: order, cancellation while queued, and stopping. A solo write that blocks until released holds
/// the writer thread, so what is queued behind it is known exactly.
/// </summary>
public sealed class SqliteWriterTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "authorizer-store-tests", Guid.NewGuid().ToString("N"));
    private readonly SqliteWriter _writer;
    private readonly ManualResetEventSlim _started = new();
    private readonly ManualResetEventSlim _release = new();

    public SqliteWriterTests()
    {
        Directory.CreateDirectory(_dir);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_dir, "writer.db"),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString();
        _writer = new SqliteWriter(connectionString, 1000, () => { });
    }

    public void Dispose()
    {
        _release.Set();
        _writer.Dispose();
        _started.Dispose();
        _release.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_grouped_write_cancelled_while_queued_never_runs_and_its_task_is_cancelled()
    {
        var blocker = HoldTheWriter();
        using var cancellation = new CancellationTokenSource();
        var ran = false;

        var queued = _writer.WriteInGroupAsync(_ => ran = true, cancellation.Token);
        await cancellation.CancelAsync();
        _release.Set();
        await blocker.WaitAsync(Wait);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        Assert.True(await _writer.WriteInGroupAsync(_ => true, CancellationToken.None).WaitAsync(Wait));
        Assert.False(ran);
    }

    [Fact]
    public async Task A_write_with_an_already_cancelled_token_is_cancelled_and_never_runs()
    {
        var ran = false;

        var write = _writer.WriteAsync(_ => ran = true, new CancellationToken(canceled: true));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write);
        Assert.Equal(1, await _writer.WriteAsync(_ => 1, CancellationToken.None).WaitAsync(Wait));
        Assert.False(ran);
    }

    [Fact]
    public async Task Writes_run_in_queue_order_and_a_solo_write_splits_the_groups_around_it()
    {
        var blocker = HoldTheWriter();
        var order = new List<string>();
        SqliteTransaction? firstGroup = null;
        SqliteTransaction? secondGroup = null;

        var g1 = _writer.WriteInGroupAsync(w => Record(order, "g1", w.Command("SELECT 1").Transaction, ref firstGroup), CancellationToken.None);
        var g2 = _writer.WriteInGroupAsync(w => Record(order, "g2", w.Command("SELECT 1").Transaction, ref firstGroup), CancellationToken.None);
        var solo = _writer.WriteAsync(_ => { order.Add("solo"); return true; }, CancellationToken.None);
        var g3 = _writer.WriteInGroupAsync(w => Record(order, "g3", w.Command("SELECT 1").Transaction, ref secondGroup), CancellationToken.None);
        _release.Set();
        await Task.WhenAll(blocker, g1, g2, solo, g3).WaitAsync(Wait);

        Assert.Equal(["g1", "g2", "solo", "g3"], order);
        Assert.NotNull(firstGroup);
        Assert.NotNull(secondGroup);
        Assert.NotSame(firstGroup, secondGroup);
    }

    [Fact]
    public async Task Stopping_lets_the_running_write_finish_and_fails_the_queued_and_later_ones_as_disposed()
    {
        var blocker = HoldTheWriter();
        var ran = false;
        var queued = _writer.WriteInGroupAsync(_ => ran = true, CancellationToken.None);

        var stopping = Task.Run(_writer.Dispose);

        // Once the writer is stopping, a new write fails at once; the probes queued before that fail with the queue.
        var probes = new List<Task<int>>();
        // (Dispose cannot return before the blocker is released, so the loop ends only when a probe fails at once.)
        while (true)
        {
            var probe = _writer.WriteAsync(_ => 2, CancellationToken.None);
            probes.Add(probe);
            if (probe.IsCompleted)
            {
                break;
            }

            await Task.Delay(5);
        }

        _release.Set();
        await stopping.WaitAsync(Wait);

        Assert.Equal(1, await blocker);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => queued);
        Assert.All(probes, p => Assert.IsType<ObjectDisposedException>(p.Exception?.InnerException));
        Assert.False(ran);
    }

    private static bool Record(List<string> order, string name, SqliteTransaction? transaction, ref SqliteTransaction? group)
    {
        // Each write of one group runs in that group's transaction; record the first one seen per group.
        Assert.NotNull(transaction);
        group ??= transaction;
        Assert.Same(group, transaction);
        order.Add(name);
        return true;
    }

    /// <summary>A solo write that holds the writer thread until <see cref="_release"/> is set; returns once it runs.</summary>
    private Task<int> HoldTheWriter()
    {
        var blocker = _writer.WriteAsync(
            _ =>
            {
                _started.Set();
                _release.Wait(Wait);
                return 1;
            },
            CancellationToken.None);
        Assert.True(_started.Wait(Wait), "The writer never ran the blocking write.");
        return blocker;
    }
}
