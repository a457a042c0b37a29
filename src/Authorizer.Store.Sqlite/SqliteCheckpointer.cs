using Microsoft.Data.Sqlite;

namespace Authorizer.Store.Sqlite;

/// <summary>
/// Runs the WAL checkpoints on its own connection and thread, so that their fsyncs are not made inside the writer.
/// SQLite's automatic checkpoint runs in the commit that crosses 1000 WAL pages, on the committing connection: under
/// 64 signed clients that was the writer about once a second, two fsyncs of 6–31 ms each (strace of start-api), while
/// every queued nonce waited, which was the p99 of signature-ca. A passive checkpoint here copies the log into the
/// file beside the writer (with the same syncs, so durability is unchanged: WAL + synchronous=NORMAL).
/// <para>
/// SQLite restarts the log only when a write begins with every frame copied, which a checkpoint beside a writer that
/// never pauses does not reach; so once the log passes <see cref="WriterCheckpointFrames"/> frames, the writer runs
/// one checkpoint itself (<see cref="TakeWriterCheckpoint"/>), which bounds the log at the price of one stall per
/// that many frames instead of one per 1000.
/// </para>
/// </summary>
internal sealed class SqliteCheckpointer : IDisposable
{
    // One per database file in a process: start-api hosts the authorizer and the management function, each with its
    // own store on the same file, and two checkpointers would only sync the same log twice.
    private static readonly Dictionary<string, SqliteCheckpointer> Shared = new(StringComparer.Ordinal);
    private static readonly Lock SharedLock = new();
    private int _users;

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>64 MiB of 4 KiB pages: the log's bound before the writer checkpoints (and so restarts it) itself.</summary>
    public const int WriterCheckpointFrames = 16_384;

    private readonly string _connectionString;
    private readonly string _path;
    private readonly TimeSpan _interval;
    private readonly int _writerCheckpointFrames;
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;
    private SqliteConnection? _connection;
    private long _checkpointedVersion = long.MinValue;
    private int _writerCheckpointDue;
    private long _checkpoints;

    public SqliteCheckpointer(string connectionString, string path, TimeSpan? interval = null, int writerCheckpointFrames = WriterCheckpointFrames)
    {
        _writerCheckpointFrames = writerCheckpointFrames;
        _connectionString = connectionString;
        _path = path;
        _interval = interval ?? Interval;
        _thread = new Thread(Run) { IsBackground = true, Name = "SQLite checkpointer" };
        _thread.Start();
    }

    /// <summary>Checkpoints this thread has run (for tests).</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>True once per time the log grew past <see cref="WriterCheckpointFrames"/>: the writer should checkpoint now.</summary>
    public bool TakeWriterCheckpoint() => Interlocked.Exchange(ref _writerCheckpointDue, 0) == 1;

    /// <summary>The process's checkpointer for <paramref name="path"/>, started on first use; each caller must <see cref="Release"/> it.</summary>
    public static SqliteCheckpointer Acquire(string connectionString, string path)
    {
        lock (SharedLock)
        {
            if (!Shared.TryGetValue(path, out var checkpointer))
            {
                checkpointer = new SqliteCheckpointer(connectionString, path);
                Shared[path] = checkpointer;
            }

            checkpointer._users++;
            return checkpointer;
        }
    }

    /// <summary>Gives back what <see cref="Acquire"/> handed out; the last user stops it.</summary>
    public void Release()
    {
        lock (SharedLock)
        {
            if (--_users > 0)
            {
                return;
            }

            Shared.Remove(_path);
        }

        Dispose();
    }

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _connection?.Dispose();
        _stop.Dispose();
    }

    private void Run()
    {
        while (!_stop.Wait(_interval))
        {
            try
            {
                CheckpointIfWritten();
            }
#pragma warning disable CA1031 // A failed checkpoint loses nothing (the log keeps the commits); the next interval tries afresh.
            catch (Exception)
#pragma warning restore CA1031
            {
                _connection?.Dispose();
                _connection = null;
            }
        }
    }

    private void CheckpointIfWritten()
    {
        // A file moved away is a fault the store reports; copying the log into it would only hide where it went.
        if (!File.Exists(_path))
        {
            return;
        }

        if (_connection is null)
        {
            var connection = new SqliteConnection(_connectionString);
            try
            {
                connection.Open();
                using var pragma = connection.CreateCommand();
                pragma.CommandText = "PRAGMA synchronous = NORMAL;";
                pragma.ExecuteNonQuery();
            }
            catch
            {
                connection.Dispose();
                throw;
            }

            _connection = connection;
        }

        // data_version changes when another connection commits: nothing committed, nothing to copy (and no fsync).
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA data_version";
        var version = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (version == _checkpointedVersion)
        {
            return;
        }

        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        using (var reader = command.ExecuteReader())
        {
            // Columns: busy, frames in the log, frames copied.
            if (reader.Read() && reader.GetInt64(1) >= _writerCheckpointFrames)
            {
                Volatile.Write(ref _writerCheckpointDue, 1);
            }
        }

        _checkpointedVersion = version;
        Interlocked.Increment(ref _checkpoints);
    }
}
