using Authorizer.Core.Store;
using Authorizer.Store.Sqlite;
using Authorizer.TestSupport;
using Microsoft.Data.Sqlite;

namespace Authorizer.Store.Tests;

public sealed class SqliteAppStoreTests : AppStoreContractTests
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "authorizer-store-tests", Guid.NewGuid().ToString("N"));

    protected override Task<IAppStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IAppStore>(new SqliteAppStore(Path.Combine(_dir, "nested", "apps.db"), time));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void The_database_file_and_its_directory_are_created()
    {
        Assert.True(File.Exists(Path.Combine(_dir, "nested", "apps.db")));
    }

    [Fact]
    public async Task Data_survives_reopening_the_file()
    {
        var app = TestData.App();
        await Store.CreateAppAsync(app, []);
        ((IDisposable)Store).Dispose();

        using var reopened = new SqliteAppStore(Path.Combine(_dir, "nested", "apps.db"), Time);

        Assert.Equal(app.AppKey, (await reopened.GetAppAsync(app.AppId))?.AppKey);
    }

    [Fact]
    public async Task Expired_nonce_revoked_token_and_authorization_rows_are_swept_by_later_writes()
    {
        var app = TestData.App();
        await Store.CreateAppAsync(app, []);
        var soon = Time.GetUtcNow().AddMinutes(1);
        var later = Time.GetUtcNow().AddHours(1);
        await Store.PutAuthorizationAsync(TestData.Authorization(app.AppId, "api-1", soon, "auth-expiring"));
        await Store.PutAuthorizationAsync(TestData.Authorization(app.AppId, "api-1", later, "auth-lasting"));
        await Store.PutAuthorizationAsync(TestData.Authorization(app.AppId, "api-1", null, "auth-forever"));
        await Store.RevokeTokenAsync("jti-expiring", soon);
        await Store.RevokeTokenAsync("jti-lasting", later);
        Assert.True(await Store.TryRecordNonceAsync(app.AppKey, "n-expiring", soon));
        Assert.True(await Store.TryRecordNonceAsync(app.AppKey, "n-lasting", later));

        Time.Advance(TimeSpan.FromMinutes(2));
        await Store.RevokeTokenAsync("jti-unrelated-write", later);

        Assert.Equal(["auth-forever", "auth-lasting"], Column("SELECT auth_id FROM authorizations ORDER BY auth_id"));
        Assert.Equal(["jti-lasting", "jti-unrelated-write"], Column("SELECT jti FROM revoked_tokens ORDER BY jti"));
        Assert.Equal(["n-lasting"], Column("SELECT nonce FROM nonces ORDER BY nonce"));
    }

    [Fact]
    public async Task Concurrent_nonce_writes_committed_in_groups_each_record_exactly_once()
    {
        var until = Time.GetUtcNow().AddMinutes(15);
        const int Nonces = 300;

        // Every nonce twice at once, 600 writes in flight: the groups must keep each pair to one success.
        var writes = Enumerable.Range(0, Nonces * 2)
            .Select(i => Task.Run(() => Store.TryRecordNonceAsync("key-1", "n-" + (i % Nonces), until)))
            .ToArray();
        var results = await Task.WhenAll(writes);
        var replays = await Task.WhenAll(Enumerable.Range(0, Nonces).Select(i => Store.TryRecordNonceAsync("key-1", "n-" + i, until)));

        Assert.Equal(Nonces, results.Count(r => r));
        Assert.All(Enumerable.Range(0, Nonces), i => Assert.Single(new[] { results[i], results[i + Nonces] }, r => r));
        Assert.DoesNotContain(true, replays);
        Assert.Equal(Nonces, Column("SELECT nonce FROM nonces").Count);
    }

    [Fact]
    public async Task A_nonce_group_that_fails_commits_none_of_its_writes_and_the_next_write_recovers()
    {
        var until = Time.GetUtcNow().AddMinutes(15);
        var path = Path.Combine(_dir, "nested", "apps.db");
        Assert.True(await Store.TryRecordNonceAsync("key-1", "before", until));
        File.Move(path, path + ".away");

        await Assert.ThrowsAnyAsync<SqliteException>(() => Store.TryRecordNonceAsync("key-1", "during", until));
        File.Move(path + ".away", path);

        Assert.True(await Store.TryRecordNonceAsync("key-1", "after", until));
        Assert.Equal(["after", "before"], Column("SELECT nonce FROM nonces ORDER BY nonce"));
    }

    private List<string> Column(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_dir, "nested", "apps.db"), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
