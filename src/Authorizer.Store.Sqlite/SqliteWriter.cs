using Microsoft.Data.Sqlite;

namespace Authorizer.Store.Sqlite;

/// <summary>
/// The one connection that writes to the database, the queue in front of it and the thread that drains it.
/// SQLite admits one writer at a time; with several connections writing, the losers get SQLITE_BUSY and
/// Microsoft.Data.Sqlite retries them after a fixed sleep, which is what gave nonce writes a tail of hundreds of
/// milliseconds. Here callers only enqueue and await; one thread runs the writes in queue order, so in-process
/// writes never meet a busy database (the busy timeout only covers another process writing the same file).
/// Statements are prepared once per connection. A failure that is not a constraint violation drops the
/// connection, so the next write starts from the file as it is then (a fault that has ended leaves nothing behind).
/// <para>
/// Nonce writes are single statements that many requests make at once, so consecutive ones in the queue commit
/// in groups (<see cref="WriteInGroupAsync"/>): a burst of N nonces costs one commit instead of N. A dedicated
/// thread rather than a gate that callers take in turn: with a gate, every caller whose write another caller's
/// group had already committed still had to acquire and release it before it could return, a hand-off from one
/// pool thread to the next per request, serialized behind the group; now the writer completes each caller's task
/// and they resume in parallel. The writer runs no automatic WAL checkpoints (their fsyncs would stall the queue):
/// <see cref="SqliteCheckpointer"/> runs them beside it, and asks the writer for one only to bound the log.
/// </para>
/// </summary>
internal sealed class SqliteWriter : IDisposable
{
    /// <summary>The most writes one group commit takes; the rest wait for the next, so no commit grows without bound.</summary>
    public const int MaxGroup = 256;

    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;
    private readonly Action _onFault;
    private readonly Action<SqliteWriter> _beginGroup;
    private readonly Action<SqliteWriter, int> _endGroup;
    private readonly Func<bool> _checkpointDue;
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SqliteCommand> _bound = new(StringComparer.Ordinal);
    private readonly Queue<SqlitePendingWrite> _queue = new();
    private readonly List<SqliteGroupedWrite> _group = new(MaxGroup);
    private readonly bool[] _results = new bool[MaxGroup];
    private readonly object _lock = new(); // a Monitor (Wait/Pulse), not a Lock: the writer sleeps on it while the queue is empty
    private readonly Thread _thread;
    private SqliteConnection? _connection;
    private SqliteTransaction? _groupTransaction;
    private bool _idle;
    private bool _stopping;

    /// <param name="beginGroup">Runs first in every group's transaction (the whole group fails when it throws).</param>
    /// <param name="endGroup">Runs last in every group's transaction, with the number of writes that returned true.</param>
    /// <param name="checkpointDue">Asked after every write: true when the writer should run a WAL checkpoint itself.</param>
    public SqliteWriter(
        string connectionString,
        int busyTimeoutMs,
        Action onFault,
        Action<SqliteWriter>? beginGroup = null,
        Action<SqliteWriter, int>? endGroup = null,
        Func<bool>? checkpointDue = null)
    {
        _checkpointDue = checkpointDue ?? (static () => false);
        _connectionString = connectionString;
        _busyTimeoutMs = busyTimeoutMs;
        _onFault = onFault;
        _beginGroup = beginGroup ?? (static _ => { });
        _endGroup = endGroup ?? (static (_, _) => { });
        _thread = new Thread(Run) { IsBackground = true, Name = "SQLite writer" };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="work"/> as the only writer, on the writer thread.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteWriter, T> work, CancellationToken cancellationToken)
    {
        var write = new SqliteSoloWrite<T>(work);
        Enqueue(write, cancellationToken);
        return write.Task;
    }

    /// <summary>
    /// Runs <paramref name="work"/> (single statements, no transaction of its own) as part of a group: the writer takes
    /// it with the queued writes around it and runs them in one transaction, in queue order, so each sees the ones
    /// before it. When the group fails, every write in it fails (none is committed).
    /// </summary>
    public Task<bool> WriteInGroupAsync(Func<SqliteWriter, bool> work, CancellationToken cancellationToken)
    {
        var write = new SqliteGroupedWrite(work);
        Enqueue(write, cancellationToken);
        return write.Task;
    }

    /// <summary>The prepared command for <paramref name="sql"/>, parameters cleared, in <paramref name="transaction"/> (or the running group's).</summary>
    public SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        var connection = Connection();
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _prepared[sql] = command;
        }

        command.Parameters.Clear();
        command.Transaction = transaction ?? _groupTransaction;
        return command;
    }

    /// <summary>
    /// The prepared command for <paramref name="sql"/> with its parameters created once (callers set their values), in
    /// the running group's transaction: for the statements every nonce runs, where a new parameter object per
    /// call was measurable.
    /// </summary>
    public SqliteCommand BoundCommand(string sql, params ReadOnlySpan<string> parameterNames)
    {
        var connection = Connection();
        if (!_bound.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameterNames)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            _bound[sql] = command;
        }

        command.Transaction = _groupTransaction;
        return command;
    }

    /// <summary>BEGIN IMMEDIATE: the write lock is taken up front, never upgraded halfway.</summary>
    public SqliteTransaction BeginTransaction() => Connection().BeginTransaction(deferred: false);

    /// <summary>Stops the writer: the write it is running finishes; writes still queued fail as disposed.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            Monitor.PulseAll(_lock);
        }

        _thread.Join();
    }

    /// <summary>Queues <paramref name="write"/>; a token already cancelled, or a stopped writer, fails its task instead.</summary>
    private void Enqueue(SqlitePendingWrite write, CancellationToken cancellationToken)
    {
        // An already cancelled token cancels the write right here (the registration runs at once).
        write.CancelWhileQueued(cancellationToken);
        lock (_lock)
        {
            if (_stopping)
            {
                if (write.TryTake())
                {
                    write.Fail(new ObjectDisposedException(nameof(SqliteWriter)));
                }

                return;
            }

            _queue.Enqueue(write);
            if (_idle)
            {
                Monitor.Pulse(_lock);
            }
        }
    }

    private void Run()
    {
        while (true)
        {
            SqliteSoloWrite? solo = null;
            lock (_lock)
            {
                while (_queue.Count == 0 && !_stopping)
                {
                    _idle = true;
                    Monitor.Wait(_lock);
                    _idle = false;
                }

                if (_stopping)
                {
                    break;
                }

                // The head decides: a solo write runs alone; otherwise the grouped writes up to the next solo one.
                while (_queue.TryPeek(out var next) && _group.Count < MaxGroup)
                {
                    if (next is SqliteGroupedWrite grouped)
                    {
                        _queue.Dequeue();
                        if (grouped.TryTake())
                        {
                            _group.Add(grouped);
                        }
                    }
                    else if (_group.Count == 0)
                    {
                        _queue.Dequeue();
                        if (next.TryTake())
                        {
                            solo = (SqliteSoloWrite)next;
                        }

                        break;
                    }
                    else
                    {
                        break;
                    }
                }
            }

            if (solo is not null)
            {
                RunSolo(solo);
            }
            else if (_group.Count > 0)
            {
                RunGroup();
            }

            if (_checkpointDue())
            {
                Checkpoint();
            }
        }

        FailQueued();
        DropConnection();
    }

    private void RunSolo(SqliteSoloWrite write)
    {
        try
        {
            write.Run(this);
        }
#pragma warning disable CA1031 // Not swallowed: the failure is the caller's, handed over in its task.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (ex is SqliteException sqlite && !SqliteErrors.IsConstraint(sqlite))
            {
                DropConnection();
                _onFault();
            }

            write.Fail(ex);
        }
    }

    /// <summary>The taken writes in <see cref="_group"/>: one transaction, then each caller's answer.</summary>
    private void RunGroup()
    {
        try
        {
            using (var transaction = BeginTransaction())
            {
                _groupTransaction = transaction;
                try
                {
                    _beginGroup(this);
                    var accepted = 0;
                    for (var i = 0; i < _group.Count; i++)
                    {
                        _results[i] = _group[i].Run(this);
                        accepted += _results[i] ? 1 : 0;
                    }

                    _endGroup(this, accepted);
                    transaction.Commit();
                }
                finally
                {
                    _groupTransaction = null;
                }
            }

            for (var i = 0; i < _group.Count; i++)
            {
                _group[i].Complete(_results[i]);
            }
        }
#pragma warning disable CA1031 // Not swallowed: every write of the group fails with it, handed over in its caller's task.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (ex is SqliteException)
            {
                DropConnection();
                _onFault();
            }

            foreach (var write in _group)
            {
                write.Fail(ex);
            }
        }
        finally
        {
            _group.Clear();
        }
    }

    /// <summary>A passive checkpoint on the writer's connection, after which the next write restarts the log.</summary>
    private void Checkpoint()
    {
        try
        {
            using var command = Connection().CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            command.ExecuteNonQuery();
        }
#pragma warning disable CA1031 // A failed checkpoint loses nothing (the log keeps the commits); the checkpointer asks again.
        catch (Exception)
#pragma warning restore CA1031
        {
            DropConnection();
        }
    }

    private void FailQueued()
    {
        lock (_lock)
        {
            while (_queue.TryDequeue(out var write))
            {
                if (write.TryTake())
                {
                    write.Fail(new ObjectDisposedException(nameof(SqliteWriter)));
                }
            }
        }
    }

    private SqliteConnection Connection()
    {
        if (_connection is not null)
        {
            return _connection;
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var pragma = connection.CreateCommand();

            // WAL with synchronous=NORMAL commits without an fsync (the log is synced at checkpoints): a crash
            // of the process loses nothing, a power cut may lose the last commits but never corrupts the file.
            // wal_autocheckpoint = 0: checkpoints are the checkpointer's (see the class comment).
            pragma.CommandText = $"PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = {_busyTimeoutMs}; PRAGMA wal_autocheckpoint = 0;";
            pragma.ExecuteNonQuery();
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        _connection = connection;
        return connection;
    }

    private void DropConnection()
    {
        foreach (var command in _prepared.Values)
        {
            command.Dispose();
        }

        foreach (var command in _bound.Values)
        {
            command.Dispose();
        }

        _prepared.Clear();
        _bound.Clear();
        _connection?.Dispose();
        _connection = null;
    }
}
