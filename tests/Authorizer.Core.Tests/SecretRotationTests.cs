using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Signing;
using static Authorizer.Core.Tests.Support.TestWorld;

namespace Authorizer.Core.Tests;

/// <summary>After a secret reset with a grace period, the old secret works until its NotAfter, then is refused.</summary>
public sealed class SecretRotationTests
{
    private const string NewSecret = "new-secret-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private const string OldSecret = "old-secret-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
    private const string Url = "http://api.example.com/echo/a";

    public static TheoryData<string> KeySchemes => [SchemeIds.SignatureCa, SchemeIds.SignatureSdk, SchemeIds.AppBasic, SchemeIds.AppSecret];

    [Theory]
    [MemberData(nameof(KeySchemes))]
    public async Task Old_secret_works_during_the_grace_period(string scheme)
    {
        var world = await RotatedAsync(graceEnds: VectorTime.AddMinutes(5));

        var oldDecision = await world.AuthorizeAsync(world.Signed(Credentials(scheme, OldSecret), "GET", Url));
        var newDecision = await world.AuthorizeAsync(world.Signed(Credentials(scheme, NewSecret), "GET", Url));

        Assert.Equal(DecisionOutcome.Allow, oldDecision.Outcome);
        Assert.Equal(DecisionOutcome.Allow, newDecision.Outcome);
    }

    [Theory]
    [MemberData(nameof(KeySchemes))]
    public async Task Old_secret_is_refused_after_the_grace_period(string scheme)
    {
        var world = await RotatedAsync(graceEnds: VectorTime.AddSeconds(-1));

        var oldDecision = await world.AuthorizeAsync(world.Signed(Credentials(scheme, OldSecret), "GET", Url));
        var newDecision = await world.AuthorizeAsync(world.Signed(Credentials(scheme, NewSecret), "GET", Url));

        Assert.Equal(ErrorCodes.CredentialExpired, oldDecision.ErrorCode);
        Assert.Equal(DecisionOutcome.Allow, newDecision.Outcome);
    }

    private static async Task<Support.TestWorld> RotatedAsync(DateTimeOffset graceEnds)
    {
        var world = await CreateAsync();
        await world.AddAppAsync("app-r", "key-r", [(NewSecret, null), (OldSecret, graceEnds)]);
        await world.GrantAsync("auth-r", "app-r", ApiId, "*", [new RouteGrant("*", "/*")]);
        return world;
    }

    private static SigningCredentials Credentials(string scheme, string secret) =>
        new() { Scheme = scheme, AppKey = "key-r", AppSecret = secret };
}
