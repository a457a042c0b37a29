using Authorizer.Core.Model;
using Authorizer.Core.Secrets;

namespace Authorizer.Local.Seeding;

/// <summary>
/// What a first start without <c>--seed</c> loads: every scheme allowed on every API (AppCode also in the
/// query), and a demo app with fresh random credentials authorized for <c>ANY /echo/*</c> on every API and stage.
/// The APIs named in <c>bodySignatureApiIds</c> (the HTTP API) get the same settings with
/// <c>bodySignatures: backend</c>, so that signatures over bodies from the official SDKs reach the sample backend.
/// With a demo identity provider, the API <see cref="DemoJwt.ApiId"/> also takes its tokens (<c>app_or_jwt</c>, in
/// <c>Authorization: Bearer</c>, so every app credential keeps working there), and the provider's app
/// (<see cref="DemoIdentityProvider.AppName"/>, with random credentials nobody is shown) is authorized for
/// <c>ANY /echo/*</c> on that API only. The admin app comes from the management bootstrapper.
/// </summary>
internal static class DemoSeed
{
    public static SeedFile Create(IReadOnlyList<string>? bodySignatureApiIds = null, DemoJwt? jwt = null)
    {
        var defaults = new ApiSettings
        {
            ApiId = ApiSettings.DefaultApiId,
            AllowedSchemes = SchemeIds.All,
            AppCodeLocation = AppCodeLocation.HeaderAndQuery,
            ReplayProtection = ReplayProtection.Optional,
            AllowHmacSha1 = true,
        };
        List<ApiSettings> apis =
        [
            defaults,
            .. (bodySignatureApiIds ?? []).Select(id => defaults with { ApiId = id, BodySignatures = BodySignatureMode.Backend }),
        ];
        List<SeedApp> providerApps = [];
        if (jwt is not null)
        {
            var index = apis.FindIndex(a => string.Equals(a.ApiId, jwt.ApiId, StringComparison.Ordinal));
            if (index < 0)
            {
                apis.Add(defaults with { ApiId = jwt.ApiId, Jwt = jwt.Settings });
            }
            else
            {
                apis[index] = apis[index] with { Jwt = jwt.Settings };
            }

            providerApps.Add(new SeedApp(
                DemoIdentityProvider.AppName,
                CredentialGenerator.NewAppKey(),
                CredentialGenerator.NewAppSecret(),
                [],
                [],
                [new SeedAuthorization(jwt.ApiId, "*", [new RouteGrant("*", "/echo/*")])]));
        }

        return new(
            apis,
            [
                new SeedApp(
                    "demo",
                    CredentialGenerator.NewAppKey(),
                    CredentialGenerator.NewAppSecret(),
                    [CredentialGenerator.NewAppCode()],
                    [],
                    [new SeedAuthorization("*", "*", [new RouteGrant("*", "/echo/*")])]),
                .. providerApps,
            ]);
    }
}

/// <summary>The API that takes the demo identity provider's tokens, and its <c>jwt</c> section (provider app named by <see cref="DemoIdentityProvider.AppName"/>).</summary>
internal sealed record DemoJwt(string ApiId, Core.Jwt.JwtSettings Settings);
