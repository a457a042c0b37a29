using System.Text.Json;
using Authorizer.Core.Store;
using Authorizer.Store.DynamoDb;
using Authorizer.Store.Sqlite;

namespace Authorizer.Management.Tests.Races;

/// <summary>
/// 64 calls at once on one shared resource, for every write route whose answer depends on what the store holds
/// (a limit, a version, creation): the answers, as a multiset of statuses and codes, and the state left behind
/// equal those of the same 64 calls one at a time. Run on both stores.
/// </summary>
public abstract class SharedResourceRaceContract
{
    private const int Width = 64;

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    protected abstract Task<IAppStore> CreateStoreAsync();

    [Fact]
    public async Task Adding_appcodes_at_once_stops_at_the_limit_as_one_at_a_time()
    {
        var (sequential, _) = await RunAsync(concurrent: false, AddCodeAsync);
        var (concurrent, h) = await RunAsync(concurrent: true, AddCodeAsync);
        using (h)
        {
            Assert.Equal(sequential, concurrent);
            Assert.Equal(new ManagementOptions().MaxActiveAppCodes, (await h.Store.ListAppCodesAsync(await OnlyAppAsync(h))).Count);
        }

        static Task<Reply> AddCodeAsync(ApiHarness h, string app, int i) => h.SendAsync("POST", $"/v1/apps/{app}/appcodes", "{}");
    }

    [Fact]
    public async Task Patching_without_a_version_at_once_applies_every_change_as_one_at_a_time()
    {
        var (sequential, _) = await RunAsync(concurrent: false, PatchAsync);
        var (concurrent, h) = await RunAsync(concurrent: true, PatchAsync);
        using (h)
        {
            Assert.Equal(sequential, concurrent);
            var app = await h.Store.GetAppAsync(await OnlyAppAsync(h));
            Assert.Equal(1 + Width, app!.Version);
        }

        static Task<Reply> PatchAsync(ApiHarness h, string app, int i) =>
            h.SendAsync("PATCH", $"/v1/apps/{app}", JsonSerializer.Serialize(new { description = "change " + i }));
    }

    [Fact]
    public async Task Patching_with_one_version_at_once_lets_exactly_one_win_as_one_at_a_time()
    {
        var (sequential, _) = await RunAsync(concurrent: false, PatchIfMatchAsync);
        var (concurrent, h) = await RunAsync(concurrent: true, PatchIfMatchAsync);
        using (h)
        {
            Assert.Equal(sequential, concurrent);
        }

        static Task<Reply> PatchIfMatchAsync(ApiHarness h, string app, int i) =>
            h.SendAsync("PATCH", $"/v1/apps/{app}", JsonSerializer.Serialize(new { description = "change " + i }), headers: ("If-Match", "\"1\""));
    }

    [Fact]
    public async Task Resetting_the_secret_and_revoking_tokens_at_once_all_succeed_as_one_at_a_time()
    {
        var (sequential, _) = await RunAsync(concurrent: false, RotateAsync);
        var (concurrent, h) = await RunAsync(concurrent: true, RotateAsync);
        using (h)
        {
            Assert.Equal(sequential, concurrent);
            Assert.Equal(1 + Width, (await h.Store.GetAppAsync(await OnlyAppAsync(h)))!.Version);
        }

        static Task<Reply> RotateAsync(ApiHarness h, string app, int i) => i % 2 == 0
            ? h.SendAsync("POST", $"/v1/apps/{app}/secret/reset", "{\"graceSeconds\":60}")
            : h.SendAsync("POST", $"/v1/apps/{app}/tokens/revoke", "{}");
    }

    [Fact]
    public async Task Putting_one_api_at_once_creates_it_once_as_one_at_a_time()
    {
        var (sequential, _) = await RunAsync(concurrent: false, PutApiAsync);
        var (concurrent, h) = await RunAsync(concurrent: true, PutApiAsync);
        using (h)
        {
            Assert.Equal(sequential, concurrent);
            Assert.Equal(Width, (await h.Store.GetApiSettingsAsync("shared"))!.Version);
        }

        static Task<Reply> PutApiAsync(ApiHarness h, string app, int i) =>
            h.SendAsync("PUT", "/v1/apis/shared", JsonSerializer.Serialize(new { tokenTtlSeconds = 600 + i }));
    }

    [Fact]
    public async Task Deleting_one_app_code_grant_and_api_at_once_succeeds_once_each_as_one_at_a_time()
    {
        var (sequential, _) = await RunAsync(concurrent: false, DeleteAsync, SetUpDeletesAsync);
        var (concurrent, h) = await RunAsync(concurrent: true, DeleteAsync, SetUpDeletesAsync);
        using (h)
        {
            Assert.Equal(sequential, concurrent);
        }

        static Task<Reply> DeleteAsync(ApiHarness h, string app, int i) => (i % 4) switch
        {
            0 => h.SendAsync("DELETE", $"/v1/apps/{app}/appcodes/{h.Notes["code"]}"),
            1 => h.SendAsync("DELETE", $"/v1/apps/{app}/authorizations/{h.Notes["grant"]}"),
            2 => h.SendAsync("DELETE", "/v1/apis/shared"),
            _ => h.SendAsync("DELETE", $"/v1/apps/{h.Notes["victim"]}"),
        };
    }

    [Fact]
    public async Task Issuing_tokens_and_revoking_one_at_once_answer_as_one_at_a_time()
    {
        var (sequential, _) = await RunAsync(concurrent: false, TokenAsync, SetUpTokenAsync);
        var (concurrent, h) = await RunAsync(concurrent: true, TokenAsync, SetUpTokenAsync);
        using (h)
        {
            Assert.Equal(Width / 2, sequential.Count(a => a == "201 -"));
            Assert.Equal(Width / 2, sequential.Count(a => a == "200 -"));
            Assert.Equal(sequential, concurrent);
        }

        static Task<Reply> TokenAsync(ApiHarness h, string app, int i) => i % 2 == 0
            ? h.SendAsync("POST", "/v1/tokens", JsonSerializer.Serialize(new { appKey = h.Notes["appKey"], appSecret = h.Notes["appSecret"] }), caller: null)
            : h.SendAsync("POST", "/v1/tokens/revoke", JsonSerializer.Serialize(new { token = h.Notes["token"] }));
    }

    private static async Task SetUpTokenAsync(ApiHarness h, string app)
    {
        var issued = await h.SendAsync("POST", "/v1/tokens", JsonSerializer.Serialize(new { appKey = h.Notes["appKey"], appSecret = h.Notes["appSecret"] }), caller: null);
        h.Notes["token"] = issued.Header("X-Subject-Token")!;
    }

    private static async Task SetUpDeletesAsync(ApiHarness h, string app)
    {
        h.Notes["code"] = (await h.SendAsync("POST", $"/v1/apps/{app}/appcodes", "{}")).Str("codeId");
        h.Notes["grant"] = (await h.SendAsync(
            "POST",
            $"/v1/apps/{app}/authorizations",
            "{\"apiId\":\"shared\",\"stage\":\"*\",\"routes\":[{\"method\":\"GET\",\"path\":\"/x\"}]}")).Str("authId");
        await h.SendAsync("PUT", "/v1/apis/shared", "{}");
        h.Notes["victim"] = (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"victim\"}")).Str("appId");
    }

    private static async Task<string> OnlyAppAsync(ApiHarness h) =>
        (await h.Store.ListAppsAsync(100, null)).Items.Single(a => a.AppId != h.Admin.AppId && a.Name == "shared").AppId;

    /// <summary>
    /// Creates an app named "shared" on a fresh store, then sends the 64 calls one after another or all at once.
    /// Answers "status code" lines, sorted: the order of concurrent answers is not part of the claim.
    /// </summary>
    private async Task<(List<string> Answers, ApiHarness Harness)> RunAsync(
        bool concurrent, Func<ApiHarness, string, int, Task<Reply>> call, Func<ApiHarness, string, Task>? setUp = null)
    {
        var h = await ApiHarness.CreateAsync(await CreateStoreAsync(), time: Time);
        var created = await h.SendAsync("POST", "/v1/apps", "{\"name\":\"shared\"}");
        var app = created.Str("appId");
        h.Notes["appKey"] = created.Str("appKey");
        h.Notes["appSecret"] = created.Str("appSecret");
        if (setUp is not null)
        {
            await setUp(h, app);
        }

        var replies = new Reply[Width];
        if (concurrent)
        {
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var calls = Enumerable.Range(0, Width).Select(i => Task.Run(async () =>
            {
                await go.Task;
                replies[i] = await call(h, app, i);
            })).ToArray();
            go.SetResult();
            await Task.WhenAll(calls);
        }
        else
        {
            for (var i = 0; i < Width; i++)
            {
                replies[i] = await call(h, app, i);
            }
        }

        var answers = replies.Select(r => r.Status + " " + (r.Status >= 400 ? r.Code : "-")).Order(StringComparer.Ordinal).ToList();
        if (!concurrent)
        {
            h.Dispose();
        }

        return (answers, h);
    }
}

public sealed class SqliteSharedResourceRaceTests : SharedResourceRaceContract, IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("authorizer-shared-race-");

    public void Dispose() => ConcurrentRun.DeleteQuietly(_dir);

    protected override Task<IAppStore> CreateStoreAsync() =>
        Task.FromResult<IAppStore>(new SqliteAppStore(Path.Combine(_dir.FullName, Guid.NewGuid().ToString("N") + ".db"), Time));
}

[Collection(DynamoDbLocalGroup.Name)]
public sealed class DynamoDbSharedResourceRaceTests(DynamoDbLocalFixture server) : SharedResourceRaceContract, IDisposable
{
    private readonly List<IDisposable> _clients = [];

    public void Dispose() => _clients.ForEach(c => c.Dispose());

    protected override async Task<IAppStore> CreateStoreAsync()
    {
        var client = await server.CreateClientAsync();
        _clients.Add(client);
        var table = await server.CreateTableAsync(client, "shared");
        return new DynamoDbAppStore(client, table, Time);
    }
}
