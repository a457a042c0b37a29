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
/// </summary>
internal sealed class SqliteWriter : IDisposable
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;
    private readonly Action _onFault;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);
    private SqliteConnection? _connection;
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

    /// <summary>The prepared command for <paramref name="sql"/>, parameters cleared, in <paramref name="transaction"/>.</summary>
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
        command.Transaction = transaction;
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
}
