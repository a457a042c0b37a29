using Authorizer.Core.Model;
using Authorizer.Core.Store;

namespace Authorizer.Store.Tests;

/// <summary>
/// The admin guard: writes that may take management access away land only while the guard and the app are as the
/// caller read them, and move the guard; a stale guard or app version fails the write and changes nothing.
/// </summary>
public abstract partial class AppStoreContractTests
{
    [Fact]
    public async Task The_admin_guard_starts_at_zero_and_each_guarded_write_moves_it_by_one()
    {
        var app = TestData.App();
        await Store.CreateAppAsync(app, []);
        var grant = TestData.Authorization(app.AppId, "api1");
        await Store.PutAuthorizationAsync(grant);
        Assert.Equal(0, await Store.GetAdminGuardAsync());

        var updated = await Store.UpdateAppAsync(app with { Status = AppStatus.Disabled }, app.Version, adminGuard: 0);
        Assert.Equal(1, await Store.GetAdminGuardAsync());
        Assert.True(await Store.DeleteAuthorizationAsync(app.AppId, grant.AuthId, new AppWriteCondition(updated.Version, 1)));
        Assert.Equal(2, await Store.GetAdminGuardAsync());
        Assert.True(await Store.DeleteAppAsync(app.AppId, new AppWriteCondition(updated.Version, 2)));
        Assert.Equal(3, await Store.GetAdminGuardAsync());
        Assert.Null(await Store.GetAppAsync(app.AppId));
    }

    [Fact]
    public async Task Writes_without_a_guard_leave_it_alone()
    {
        var app = TestData.App();
        await Store.CreateAppAsync(app, []);
        var grant = TestData.Authorization(app.AppId, "api1");
        await Store.PutAuthorizationAsync(grant);

        var updated = await Store.UpdateAppAsync(app with { Name = "Renamed" }, app.Version);
        Assert.True(await Store.DeleteAuthorizationAsync(app.AppId, grant.AuthId, new AppWriteCondition(updated.Version, null)));
        Assert.True(await Store.DeleteAppAsync(app.AppId, new AppWriteCondition(updated.Version, null)));
        Assert.Equal(0, await Store.GetAdminGuardAsync());
    }

    [Fact]
    public async Task A_stale_admin_guard_fails_the_write_and_changes_nothing()
    {
        var app = TestData.App();
        await Store.CreateAppAsync(app, []);
        var grant = TestData.Authorization(app.AppId, "api1");
        await Store.PutAuthorizationAsync(grant);
        var other = TestData.App();
        await Store.CreateAppAsync(other, []);
        await Store.UpdateAppAsync(other with { Status = AppStatus.Disabled }, other.Version, adminGuard: 0);

        await Assert.ThrowsAsync<AdminGuardConflictException>(() => Store.UpdateAppAsync(app with { Status = AppStatus.Disabled }, app.Version, adminGuard: 0));
        await Assert.ThrowsAsync<AdminGuardConflictException>(() => Store.DeleteAuthorizationAsync(app.AppId, grant.AuthId, new AppWriteCondition(app.Version, 0)));
        await Assert.ThrowsAsync<AdminGuardConflictException>(() => Store.DeleteAppAsync(app.AppId, new AppWriteCondition(app.Version, 0)));

        var stored = await Store.GetAppAsync(app.AppId);
        Assert.Equal(AppStatus.Enabled, stored!.Status);
        Assert.Equal(app.Version, stored.Version);
        Assert.Single(await Store.GetAuthorizationsForAppAsync(app.AppId));
        Assert.Equal(1, await Store.GetAdminGuardAsync());
    }

    [Fact]
    public async Task A_conditioned_delete_over_a_changed_app_conflicts_and_deletes_nothing()
    {
        var app = TestData.App();
        await Store.CreateAppAsync(app, []);
        var grant = TestData.Authorization(app.AppId, "api1");
        await Store.PutAuthorizationAsync(grant);
        await Store.UpdateAppAsync(app with { Roles = [AppRoles.Admin] }, app.Version);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.DeleteAuthorizationAsync(app.AppId, grant.AuthId, new AppWriteCondition(app.Version, null)));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.DeleteAppAsync(app.AppId, new AppWriteCondition(app.Version, null)));

        Assert.NotNull(await Store.GetAppAsync(app.AppId));
        Assert.Single(await Store.GetAuthorizationsForAppAsync(app.AppId));
        Assert.Equal(0, await Store.GetAdminGuardAsync());
    }

    [Fact]
    public async Task A_conditioned_delete_of_something_absent_answers_false_and_leaves_the_guard()
    {
        var app = TestData.App();
        await Store.CreateAppAsync(app, []);

        Assert.False(await Store.DeleteAuthorizationAsync(app.AppId, "no-such-auth", new AppWriteCondition(app.Version, 0)));
        Assert.False(await Store.DeleteAppAsync("no-such-app", new AppWriteCondition(1, 0)));
        Assert.Equal(0, await Store.GetAdminGuardAsync());
        Assert.NotNull(await Store.GetAppAsync(app.AppId));
    }
}

/// <summary>An AppCode add under a limit counts and adds as one step.</summary>
public abstract partial class AppStoreContractTests
{
    [Fact]
    public async Task An_appcode_add_under_a_limit_is_refused_at_the_limit_and_writes_nothing()
    {
        var app = TestData.App();
        await Store.CreateAppAsync(app, [TestData.Code(app.AppId)]);
        await Store.AddAppCodeAsync(TestData.Code(app.AppId), maxCodes: 2);

        var third = TestData.Code(app.AppId);
        await Assert.ThrowsAsync<AppCodeLimitException>(() => Store.AddAppCodeAsync(third, maxCodes: 2));

        Assert.Equal(2, (await Store.ListAppCodesAsync(app.AppId)).Count);
        Assert.Null(await Store.GetAppCodeByHashAsync(third.CodeHash));
        await Store.AddAppCodeAsync(third, maxCodes: 3);
        Assert.NotNull(await Store.GetAppCodeByHashAsync(third.CodeHash));
    }
}
