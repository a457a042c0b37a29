using Authorizer.Core.Model;
using Authorizer.Core.Secrets;

namespace Authorizer.Local.Seeding;

/// <summary>
/// What a first start without <c>--seed</c> loads: every scheme allowed on every API (AppCode also in the
/// query), and a demo app with fresh random credentials authorized for <c>ANY /echo/*</c> on every API and stage.
/// The APIs named in <c>bodySignatureApiIds</c> (the HTTP API) get the same settings with
/// <c>bodySignatures: backend</c>, so that signatures over bodies from the official SDKs reach the sample backend.
/// The admin app comes from the management bootstrapper.
/// </summary>
internal static class DemoSeed
{
    public static SeedFile Create(IReadOnlyList<string>? bodySignatureApiIds = null)
    {
        var defaults = new ApiSettings
        {
            ApiId = ApiSettings.DefaultApiId,
            AllowedSchemes = SchemeIds.All,
            AppCodeLocation = AppCodeLocation.HeaderAndQuery,
            ReplayProtection = ReplayProtection.Optional,
            AllowHmacSha1 = true,
        };
        return new(
            [
                defaults,
                .. (bodySignatureApiIds ?? []).Select(id => defaults with { ApiId = id, BodySignatures = BodySignatureMode.Backend }),
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
}
