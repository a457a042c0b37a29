using Authorizer.Core.Model;
using Authorizer.Core.Secrets;
using Authorizer.Core.Store;

namespace Authorizer.Local.Seeding;

/// <summary>
/// The management routes sit behind the authorizer like any other route, so an admin app also needs an
/// authorization for <c>/v1/*</c>; the role alone does not get it past the gateway.
/// </summary>
internal static class AdminAccess
{
    public static readonly RouteGrant Route = new("*", "/v1/*");

    public static Task GrantAsync(IAppStore store, string appId, TimeProvider time, CancellationToken cancellationToken) =>
        store.PutAuthorizationAsync(
            new AppAuthorization
            {
                AuthId = CredentialGenerator.NewId(),
                AppId = appId,
                ApiId = "*",
                Stage = "*",
                Routes = [Route],
                CreatedAt = time.GetUtcNow(),
            },
            cancellationToken);
}
