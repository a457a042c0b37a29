using Authorizer.Core.Model;
using Authorizer.Core.Store;
using Authorizer.Store.DynamoDb;
using Authorizer.Store.Sqlite;

namespace Authorizer.Management.Tests.Races;

/// <summary>
/// Two admins removing each other at the same moment (deleting, disabling, demoting, or revoking the other's
/// <c>/v1</c> grant) must leave one of them: the check and the write are one atomic step, so the second answers
/// 409 <c>last_admin</c> exactly as it would one at a time. Run on both stores.
/// </summary>
public abstract class LastAdminRaceContract
{
    private static readonly string[] Removals = ["delete", "disable", "demote", "revoke"];

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    protected abstract Task<IAppStore> CreateStoreAsync();

    [Theory]
    [InlineData("delete")]
    [InlineData("disable")]
    [InlineData("demote")]
    [InlineData("revoke")]
    public async Task Two_admins_removing_each_other_at_once_leave_one_admin(string removal)
    {
        var store = await CreateStoreAsync();
        using var h = await ApiHarness.CreateAsync(new RendezvousStore(store, parties: 2), time: Time);
        var admins = await TwoAdminsAsync(h);

        var replies = await Task.WhenAll(
            Task.Run(() => RemoveAsync(h, admins, caller: 0, target: 1, removal)),
            Task.Run(() => RemoveAsync(h, admins, caller: 1, target: 0, removal)));

        Assert.Single(replies, r => r.Status is 200 or 204);
        var loser = Assert.Single(replies, r => r.Status is not (200 or 204));
        loser.AssertProblem(409, "last_admin");
        Assert.Single(await AdminsReachingManagementAsync(store));
        (store as IDisposable)?.Dispose();
    }

    [Fact]
    public async Task Sixty_four_concurrent_removals_of_the_last_two_admins_leave_one_admin()
    {
        var store = await CreateStoreAsync();
        using var h = await ApiHarness.CreateAsync(store, time: Time);
        var admins = await TwoAdminsAsync(h);

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            await go.Task;
            return await RemoveAsync(h, admins, caller: i % 2, target: 1 - (i % 2), Removals[(i / 2) % Removals.Length]);
        })).ToArray();
        go.SetResult();
        var replies = await Task.WhenAll(calls);

        // Once one admin is gone, the calls it makes are forbidden and the calls removing it find nothing or a non-admin.
        Assert.All(replies, r => Assert.Contains(r.Status, new[] { 200, 204, 403, 404, 409 }));
        Assert.All(replies.Where(r => r.Status == 409), r => Assert.Equal("last_admin", r.Code));
        Assert.Contains(replies, r => r.Status is 200 or 204);
        Assert.Single(await AdminsReachingManagementAsync(store));
        (store as IDisposable)?.Dispose();
    }

    private static Task<Reply> RemoveAsync(ApiHarness h, Admin[] admins, int caller, int target, string removal)
    {
        var app = $"/v1/apps/{admins[target].AppId}";
        var by = admins[caller].AppId;
        return removal switch
        {
            "delete" => h.SendAsync("DELETE", app, caller: by),
            "disable" => h.SendAsync("PATCH", app, "{\"status\":\"disabled\"}", caller: by),
            "demote" => h.SendAsync("PATCH", app, "{\"roles\":[]}", caller: by),
            _ => h.SendAsync("DELETE", $"{app}/authorizations/{admins[target].GrantId}", caller: by),
        };
    }

    private async Task<Admin[]> TwoAdminsAsync(ApiHarness h)
    {
        var second = (await h.SendAsync("POST", "/v1/apps", "{\"name\":\"second admin\",\"roles\":[\"admin\"]}")).Str("appId");
        return [new(h.Admin.AppId, await GrantV1Async(h.Store, h.Admin.AppId)), new(second, await GrantV1Async(h.Store, second))];
    }

    private async Task<string> GrantV1Async(IAppStore store, string appId)
    {
        var authId = "auth" + Guid.NewGuid().ToString("N")[..12];
        await store.PutAuthorizationAsync(new AppAuthorization
        {
            AuthId = authId,
            AppId = appId,
            ApiId = "*",
            Stage = "*",
            Routes = [new RouteGrant("*", "/v1/*")],
            CreatedAt = Time.GetUtcNow().AddMinutes(-1),
        });
        return authId;
    }

    private static async Task<List<string>> AdminsReachingManagementAsync(IAppStore store)
    {
        var result = new List<string>();
        foreach (var app in (await store.ListAppsAsync(100, null)).Items)
        {
            var grants = await store.GetAuthorizationsForAppAsync(app.AppId);
            if (app.IsEnabled && app.HasRole(AppRoles.Admin) && grants.Any(g => g.Routes.Any(r => r.Path == "/v1/*")))
            {
                result.Add(app.AppId);
            }
        }

        return result;
    }

    private sealed record Admin(string AppId, string GrantId);
}

public sealed class SqliteLastAdminRaceTests : LastAdminRaceContract, IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("authorizer-last-admin-");

    public void Dispose() => ConcurrentRun.DeleteQuietly(_dir);

    protected override Task<IAppStore> CreateStoreAsync() =>
        Task.FromResult<IAppStore>(new SqliteAppStore(Path.Combine(_dir.FullName, Guid.NewGuid().ToString("N") + ".db"), Time));
}

[Collection(DynamoDbLocalGroup.Name)]
public sealed class DynamoDbLastAdminRaceTests(DynamoDbLocalFixture server) : LastAdminRaceContract, IDisposable
{
    private readonly List<IDisposable> _clients = [];

    public void Dispose() => _clients.ForEach(c => c.Dispose());

    protected override async Task<IAppStore> CreateStoreAsync()
    {
        var client = await server.CreateClientAsync();
        _clients.Add(client);
        var table = await server.CreateTableAsync(client, "lastadmin");
        return new DynamoDbAppStore(client, table, Time);
    }
}
