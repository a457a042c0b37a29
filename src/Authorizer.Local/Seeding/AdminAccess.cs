using Authorizer.Core.Model;
using Authorizer.Core.Store;
using Authorizer.Management;

namespace Authorizer.Local.Seeding;

/// <summary>
/// The management routes sit behind the authorizer like any other route, so an admin app also needs an
/// authorization for <c>/v1/*</c>; the role alone does not get it past the gateway.
/// </summary>
internal static class AdminAccess
{
    public static readonly RouteGrant Route = AdminBootstrapper.ManagementRoute;

    public static Task GrantAsync(IAppStore store, string appId, TimeProvider time, CancellationToken cancellationToken) =>
        store.PutAuthorizationAsync(AdminBootstrapper.ManagementAuthorization(appId, time.GetUtcNow()), cancellationToken);
}
