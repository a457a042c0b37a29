using Authorizer.Core.Store;
using Authorizer.Store.Sqlite;
using Authorizer.TestSupport;

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
}
