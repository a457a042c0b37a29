using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Signing;
using static Authorizer.Core.Tests.Support.TestWorld;

namespace Authorizer.Core.Tests;

/// <summary>
/// A signature covers one request (method, path, query, time), so the Allow it earns must not be reusable by a
/// result cache for another request (docs/SECURITY.md, "Per-request credentials and the result cache").
/// </summary>
public sealed class PerRequestSchemePolicyTests
{
    private const string Url = "http://api.example.com/echo/a";

    public static TheoryData<string> SignatureSchemes => [SchemeIds.SignatureCa, SchemeIds.SignatureSdk];

    [Theory]
    [MemberData(nameof(SignatureSchemes))]
    public async Task A_signature_allow_names_only_the_signed_requests_arn(string scheme)
    {
        var world = await CreateAsync();
        await world.GrantAsync("auth-more", AppId, ApiId, "*", [new RouteGrant("POST", "/orders"), new RouteGrant("GET", "/admin/*")]);

        var request = world.Signed(Credentials(scheme), "GET", Url);
        var decision = await world.AuthorizeAsync(request);

        Assert.Equal(DecisionOutcome.Allow, decision.Outcome);
        Assert.Equal([request.Target.Arn], decision.Resources);
        Assert.Empty(decision.DeniedResources);
    }

    [Theory]
    [MemberData(nameof(SignatureSchemes))]
    public async Task A_repeated_signature_allow_on_another_route_names_that_route_only(string scheme)
    {
        var world = await CreateAsync();

        var first = world.Signed(Credentials(scheme), "GET", Url, options: new SigningOptions { Nonce = "n-1" });
        var second = world.Signed(Credentials(scheme), "GET", "http://api.example.com/echo/b", options: new SigningOptions { Nonce = "n-2" });
        Assert.Equal([first.Target.Arn], (await world.AuthorizeAsync(first)).Resources);

        Assert.Equal([second.Target.Arn], (await world.AuthorizeAsync(second)).Resources);
    }

    [Fact]
    public async Task A_bearer_allow_still_lists_every_granted_route()
    {
        var world = await CreateAsync(grant: false);
        await world.GrantAsync("auth-a", AppId, ApiId, Stage, [new RouteGrant("GET", "/echo/a"), new RouteGrant("POST", "/orders")]);

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "APPCODE " + AppCode)]));

        const string prefix = "arn:aws:execute-api:us-east-1:123456789012:api123/Prod/";
        Assert.Equal([prefix + "GET/echo/a", prefix + "POST/orders"], decision.Resources);
    }

    [Theory]
    [MemberData(nameof(SignatureSchemes))]
    public async Task A_cached_authorizer_refuses_signatures_with_a_reason(string scheme)
    {
        var world = await CreateAsync(options: AuthorizerOptions.Default with { ServesResultCache = true });

        var decision = await world.AuthorizeAsync(world.Signed(Credentials(scheme), "GET", Url));

        Assert.Equal(DecisionOutcome.Deny, decision.Outcome);
        Assert.Equal(ErrorCodes.SchemeNotCacheable, decision.ErrorCode);
        Assert.Contains(scheme, decision.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cached_authorizer_serves_bearer_schemes()
    {
        var world = await CreateAsync(options: AuthorizerOptions.Default with { ServesResultCache = true });

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "APPCODE " + AppCode)]));

        Assert.Equal(DecisionOutcome.Allow, decision.Outcome);
    }

    private static SigningCredentials Credentials(string scheme) => scheme == SchemeIds.SignatureCa
        ? SigningCredentials.ForSignatureCa(AppKey, AppSecret)
        : SigningCredentials.ForSignatureSdk(AppKey, AppSecret);
}
