using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Authorizer.Store.Sqlite;

/// <summary>
/// The one connection that writes to the database, and the queue in front of it. SQLite admits one writer at a
/// time; with several connections writing, the losers get SQLITE_BUSY and Microsoft.Data.Sqlite retries them
/// after a fixed sleep, which is what gave nonce writes a tail of hundreds of milliseconds. Writers here wait on
/// an async gate instead (bounded by the caller's token), so in-process writes never meet a busy database; the
/// busy timeout only covers another process writing the same file. Statements are prepared once per connection.
/// A failure that is not a constraint violation drops the connection, so the next write starts from the file
/// as it is then (a fault that has ended leaves nothing behind).
/// Nonce writes are single statements that many requests make at once, so they commit in groups
/// (<see cref="WriteInGroupAsync"/>): whoever holds the gate runs every queued one in one transaction, and a
/// burst of N nonces costs one commit instead of N.
/// </summary>
internal sealed class SqliteWriter : IDisposable
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;
    private readonly Action _onFault;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<GroupedWrite> _grouped = new();
    private SqliteConnection? _connection;
    private SqliteTransaction? _groupTransaction;
    private bool _disposed;

    public SqliteWriter(string connectionString, int busyTimeoutMs, Action onFault)
    {
        _connectionString = connectionString;
        _busyTimeoutMs = busyTimeoutMs;
        _onFault = onFault;
    }

    /// <summary>Runs <paramref name="work"/> as the only writer; it runs synchronously (SQLite calls do anyway).</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteWriter, T> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return work(this);
        }
        catch (SqliteException ex) when (!SqliteErrors.IsConstraint(ex))
        {
            DropConnection();
            _onFault();
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The most writes one group commit takes; the rest wait for the next, so no commit grows without bound.</summary>
    public const int MaxGroup = 256;

    /// <summary>
    /// Runs <paramref name="work"/> (single statements, no transaction of its own) as part of a group: it is queued,
    /// and the caller that next holds the gate runs every queued write in one transaction, in queue order, so each
    /// sees the ones before it. When the group fails, every write in it fails (none is committed).
    /// </summary>
    public async Task<bool> WriteInGroupAsync(Func<SqliteWriter, bool> work, CancellationToken cancellationToken)
    {
        var write = new GroupedWrite(work);
        _grouped.Enqueue(write);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller's group may have run this write already; then there is nothing left to do here.
            if (!write.Done.Task.IsCompleted)
            {
                RunGroup();
            }
        }
        finally
        {
            _gate.Release();
        }

        return await write.Done.Task.ConfigureAwait(false);
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

    /// <summary>BEGIN IMMEDIATE: the write lock is taken up front, never upgraded halfway.</summary>
    public SqliteTransaction BeginTransaction() => Connection().BeginTransaction(deferred: false);

    public void Dispose()
    {
        _gate.Wait();
        try
        {
            _disposed = true;
            DropConnection();
        }
        finally
        {
            _gate.Release();
        }

        _gate.Dispose();
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
            pragma.CommandText = $"PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = {_busyTimeoutMs};";
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

    /// <summary>Runs under the gate: up to <see cref="MaxGroup"/> queued writes, one transaction, then each caller's answer.</summary>
    private void RunGroup()
    {
        var group = new List<GroupedWrite>(Math.Min(_grouped.Count, MaxGroup));
        while (group.Count < MaxGroup && _grouped.TryDequeue(out var next))
        {
            group.Add(next);
        }

        var results = new bool[group.Count];
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using (var transaction = BeginTransaction())
            {
                _groupTransaction = transaction;
                try
                {
                    for (var i = 0; i < group.Count; i++)
                    {
                        results[i] = group[i].Work(this);
                    }

                    transaction.Commit();
                }
                finally
                {
                    _groupTransaction = null;
                }
            }
        }
        catch (Exception ex)
        {
            if (ex is SqliteException)
            {
                DropConnection();
                _onFault();
            }

            foreach (var write in group)
            {
                write.Done.TrySetException(ex);
            }

            return;
        }

        for (var i = 0; i < group.Count; i++)
        {
            group[i].Done.TrySetResult(results[i]);
        }
    }

    private void DropConnection()
    {
        foreach (var command in _prepared.Values)
        {
            command.Dispose();
        }

        _prepared.Clear();
        _connection?.Dispose();
        _connection = null;
    }

    private sealed class GroupedWrite(Func<SqliteWriter, bool> work)
    {
        public Func<SqliteWriter, bool> Work { get; } = work;

        // Completed by whichever caller runs the group; continuations run on the pool, not inside the gate.
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
