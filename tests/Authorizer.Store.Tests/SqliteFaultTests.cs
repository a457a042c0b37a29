using System.Diagnostics;
using Authorizer.Store.Sqlite;
using Authorizer.TestSupport;
using Microsoft.Data.Sqlite;

namespace Authorizer.Store.Tests;

/// <summary>
/// The SQLite file breaks under a running store and is then put back: every call fails (closed) during the fault,
/// and the same store instance serves again afterwards, without a restart.
/// </summary>
public sealed class SqliteFaultTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "authorizer-store-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(TestData.Start);

    private string DatabasePath => Path.Combine(_dir, "apps.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_file_overwritten_with_garbage_fails_every_call_and_its_restore_serves_again()
    {
        using var store = new SqliteAppStore(DatabasePath, _time);
        var app = TestData.App();
        await store.CreateAppAsync(app, []);
        Assert.True(await store.TryRecordNonceAsync(app.AppKey, "n-before", _time.GetUtcNow().AddMinutes(5)));
        var backup = Snapshot();

        var garbage = new byte[backup.Length];
        Array.Fill(garbage, (byte)0x5a);
        await File.WriteAllBytesAsync(DatabasePath, garbage);

        await Assert.ThrowsAsync<SqliteException>(() => store.GetAppByKeyAsync(app.AppKey));
        await Assert.ThrowsAsync<SqliteException>(() => store.TryRecordNonceAsync(app.AppKey, "n-during", _time.GetUtcNow().AddMinutes(5)));
        await Assert.ThrowsAsync<SqliteException>(() => store.IsTokenRevokedAsync("jti"));

        await File.WriteAllBytesAsync(DatabasePath, backup);

        Assert.Equal(app.AppId, (await store.GetAppByKeyAsync(app.AppKey))?.AppId);
        Assert.True(await store.TryRecordNonceAsync(app.AppKey, "n-after", _time.GetUtcNow().AddMinutes(5)));
        Assert.False(await store.TryRecordNonceAsync(app.AppKey, "n-before", _time.GetUtcNow().AddMinutes(5)));
    }

    [Fact]
    public async Task A_file_moved_away_fails_every_call_and_moving_it_back_serves_again()
    {
        using var store = new SqliteAppStore(DatabasePath, _time);
        var app = TestData.App();
        await store.CreateAppAsync(app, []);
        Snapshot();
        var aside = DatabasePath + ".aside";

        File.Move(DatabasePath, aside);

        await Assert.ThrowsAsync<SqliteException>(() => store.GetAppByKeyAsync(app.AppKey));
        await Assert.ThrowsAsync<SqliteException>(() => store.TryRecordNonceAsync(app.AppKey, "n-during", _time.GetUtcNow().AddMinutes(5)));
        Assert.False(File.Exists(DatabasePath), "A missing database must not be replaced by an empty one.");

        File.Move(aside, DatabasePath);

        Assert.Equal(app.AppId, (await store.GetAppByKeyAsync(app.AppKey))?.AppId);
        Assert.True(await store.TryRecordNonceAsync(app.AppKey, "n-after", _time.GetUtcNow().AddMinutes(5)));
    }

    [Fact]
    public async Task A_write_lock_held_by_another_process_fails_a_write_within_the_busy_timeout_and_its_release_serves_again()
    {
        var busyTimeout = TimeSpan.FromMilliseconds(500);
        using var store = new SqliteAppStore(DatabasePath, _time, busyTimeout);
        var app = TestData.App();
        await store.CreateAppAsync(app, []);

        // Another process's writer, as far as this store can tell: its own connection, holding the write lock.
        using (var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString()))
        {
            other.Open();
            using var hold = other.BeginTransaction(deferred: false);
            var clock = Stopwatch.StartNew();

            await Assert.ThrowsAsync<SqliteException>(() => store.TryRecordNonceAsync(app.AppKey, "n-locked", _time.GetUtcNow().AddMinutes(5)));

            clock.Stop();
            Assert.InRange(clock.Elapsed, busyTimeout, TimeSpan.FromSeconds(2));

            // Readers are not held up by a writer (WAL).
            Assert.Equal(app.AppId, (await store.GetAppByKeyAsync(app.AppKey))?.AppId);
        }

        Assert.True(await store.TryRecordNonceAsync(app.AppKey, "n-after", _time.GetUtcNow().AddMinutes(5)));
    }

    /// <summary>Folds the write-ahead log into the file (as a backup tool would) and answers its bytes.</summary>
    private byte[] Snapshot()
    {
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            command.ExecuteNonQuery();
        }

        return File.ReadAllBytes(DatabasePath);
    }
}
