using System.Security.Cryptography;
using Authorizer.Core.Model;

namespace Authorizer.Store.Tests;

internal static class TestData
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static string Id(string prefix) => prefix + "-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();

    public static AppRecord App(string? appId = null, string? appKey = null) => new()
    {
        AppId = appId ?? Id("app"),
        AppKey = appKey ?? Id("key"),
        Name = "Test app",
        Description = "for the contract suite",
        Roles = ["reader", AppRoles.Admin],
        UsagePlanKey = "plan-1",
        Secrets =
        [
            new StoredSecret(RandomNumberGenerator.GetBytes(45), null),
            new StoredSecret(RandomNumberGenerator.GetBytes(45), Start.AddHours(1)),
        ],
        Version = 1,
        CreatedAt = Start,
        UpdatedAt = Start,
    };

    public static AppCodeRecord Code(string appId, string? codeId = null) =>
        new(codeId ?? Id("code"), appId, Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant(), "ab12", Start);

    public static AppAuthorization Authorization(string appId, string apiId, DateTimeOffset? expiresAt = null, string? authId = null) => new()
    {
        AuthId = authId ?? Id("auth"),
        AppId = appId,
        ApiId = apiId,
        Stage = "prod",
        Routes = [new RouteGrant("GET", "/pets/{id}"), new RouteGrant("*", "/orders/*")],
        ExpiresAt = expiresAt,
        CreatedAt = Start,
    };

    public static ApiSettings Settings(string apiId) => new()
    {
        ApiId = apiId,
        AllowedSchemes = [SchemeIds.AppCode, SchemeIds.SignatureCa],
        AppCodeLocation = AppCodeLocation.HeaderAndQuery,
        ReplayProtection = ReplayProtection.Required,
        AllowHmacSha1 = true,
        TokenTtlSeconds = 600,
        BodySignatures = BodySignatureMode.Backend,
    };
}
