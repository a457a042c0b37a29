using Authorizer.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Authorizer.Store.Tests;

public sealed class SqliteCheckpointerTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "authorizer-store-tests", Guid.NewGuid().ToString("N"));
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;

    public SqliteCheckpointerTests()
    {
        Directory.CreateDirectory(_dir);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_dir, "c.db"), Pooling = false }.ToString();
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        Execute(_writer, "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE t (v TEXT NOT NULL);");
    }

    public void Dispose()
    {
        _writer.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Commits_of_another_connection_are_copied_into_the_file_and_an_idle_database_is_left_alone()
    {
        var file = new FileInfo(Path.Combine(_dir, "c.db"));
        var before = file.Length;
        Insert(50);
        using var checkpointer = new SqliteCheckpointer(_connectionString, file.FullName, Interval);

        // 50 rows of 2 KB are in the log only, until a checkpoint copies them into the file.
        await Until(() => checkpointer.Checkpoints >= 1);
        var afterFirst = checkpointer.Checkpoints;
        await Task.Delay(Interval * 10);
        file.Refresh();

        Assert.True(file.Length >= before + (50 * 2000), $"file {file.Length} bytes, {before} before");
        Assert.Equal(afterFirst, checkpointer.Checkpoints);
    }

    [Fact]
    public async Task A_log_past_the_bound_asks_the_writer_for_one_checkpoint()
    {
        using var checkpointer = new SqliteCheckpointer(_connectionString, Path.Combine(_dir, "c.db"), Interval, writerCheckpointFrames: 5);
        Assert.False(checkpointer.TakeWriterCheckpoint());

        Insert(200);
        await Until(checkpointer.TakeWriterCheckpoint);

        Assert.False(checkpointer.TakeWriterCheckpoint());
    }

    [Fact]
    public async Task A_log_under_the_bound_never_asks_the_writer()
    {
        using var checkpointer = new SqliteCheckpointer(_connectionString, Path.Combine(_dir, "c.db"), Interval, writerCheckpointFrames: 1_000_000);
        Insert(200);

        await Until(() => checkpointer.Checkpoints >= 1);

        Assert.False(checkpointer.TakeWriterCheckpoint());
    }

    [Fact]
    public void Stores_on_one_file_share_one_checkpointer_until_the_last_releases_it()
    {
        var path = Path.Combine(_dir, "c.db");
        var first = SqliteCheckpointer.Acquire(_connectionString, path);
        var second = SqliteCheckpointer.Acquire(_connectionString, path);
        var other = SqliteCheckpointer.Acquire(_connectionString, Path.Combine(_dir, "other.db"));

        first.Release();
        var third = SqliteCheckpointer.Acquire(_connectionString, path);
        second.Release();
        third.Release();
        var fresh = SqliteCheckpointer.Acquire(_connectionString, path);
        fresh.Release();
        other.Release();

        Assert.Same(first, second);
        Assert.Same(first, third);
        Assert.NotSame(first, other);
        Assert.NotSame(first, fresh);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The checkpointer did not get there within 10 s.");
            await Task.Delay(10);
        }
    }

    /// <summary>One commit per row, each a new WAL frame at least.</summary>
    private void Insert(int rows)
    {
        for (var i = 0; i < rows; i++)
        {
            Execute(_writer, $"INSERT INTO t (v) VALUES ('{new string('x', 2000)}')");
        }
    }
}
