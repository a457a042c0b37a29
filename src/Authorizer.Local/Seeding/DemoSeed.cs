using Authorizer.Core.Model;
using Authorizer.Core.Secrets;

namespace Authorizer.Local.Seeding;

/// <summary>
/// What a first start without <c>--seed</c> loads: every scheme allowed on every API (AppCode also in the
/// query), and a demo app with fresh random credentials authorized for <c>ANY /echo/*</c> on every API and stage.
/// The admin app comes from the management bootstrapper.
/// </summary>
internal static class DemoSeed
{
    public static SeedFile Create() => new(
        [
            new ApiSettings
            {
                ApiId = ApiSettings.DefaultApiId,
                AllowedSchemes = SchemeIds.All,
                AppCodeLocation = AppCodeLocation.HeaderAndQuery,
                ReplayProtection = ReplayProtection.Optional,
                AllowHmacSha1 = true,
            },
        ],
        [
            new SeedApp(
                "demo",
                CredentialGenerator.NewAppKey(),
                CredentialGenerator.NewAppSecret(),
                [CredentialGenerator.NewAppCode()],
                [],
                [new SeedAuthorization("*", "*", [new RouteGrant("*", "/echo/*")])]),
        ]);
}
