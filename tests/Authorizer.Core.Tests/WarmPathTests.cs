using Authorizer.Core.Caching;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Signing;
using static Authorizer.Core.Tests.Support.TestWorld;

namespace Authorizer.Core.Tests;

/// <summary>
/// The shapes the allocation-free verification paths treat specially: text longer than the stack buffers, a
/// changing <c>X-Ca-Signature-Headers</c> on one thread, repeated decisions over a cached directory.
/// </summary>
public sealed class WarmPathTests
{
    [Theory]
    [InlineData(SchemeIds.SignatureCa)]
    [InlineData(SchemeIds.SignatureSdk)]
    public async Task A_signed_request_longer_than_the_stack_buffers_verifies_and_a_tampered_one_does_not(string scheme)
    {
        var world = await CreateAsync();
        var longValue = string.Concat(Enumerable.Repeat("v\u00e9-", 900));
        var query = string.Join('&', Enumerable.Range(0, 80).Select(i => $"p{i % 70}=%E5%8C%97{i}"));
        var url = "http://127.0.0.1:3000/echo/" + string.Concat(Enumerable.Repeat("%E5%8C%97/", 40)) + "end?" + query;
        var options = new SigningOptions { AdditionalSignedHeaders = ["x-long"] };
        var signed = world.Signed(SignThenVerifyTests.Credentials(scheme), "GET", url, [H("X-Long", longValue)], options);

        var allowed = await world.AuthorizeAsync(signed);
        var tamperedHeaders = signed.Headers.Names.SelectMany(n => signed.Headers.GetAll(n).Select(v => H(n, n == "X-Long" ? longValue + "x" : v))).ToList();
        var denied = await world.AuthorizeAsync(Request("GET", url, tamperedHeaders));

        Assert.Equal(DecisionOutcome.Allow, allowed.Outcome);
        Assert.Equal(DecisionOutcome.Deny, denied.Outcome);
        Assert.Equal(ErrorCodes.InvalidSignature, denied.ErrorCode);
    }

    [Fact]
    public async Task Requests_alternating_their_signed_header_lists_are_each_checked_against_their_own_list()
    {
        var world = await CreateAsync();
        const string Url = "http://127.0.0.1:3000/echo/a";
        var credentials = SignThenVerifyTests.Credentials(SchemeIds.SignatureCa);
        for (var round = 0; round < 3; round++)
        {
            // Signed afresh each round: every request carries a new nonce.
            var plain = world.Signed(credentials, "GET", Url, [H("X-Tenant", "t1")]);
            var withTenant = world.Signed(credentials, "GET", Url, [H("X-Tenant", "t1")], new SigningOptions { AdditionalSignedHeaders = ["x-tenant"] });
            var tenantSwapped = Request(
                "GET",
                Url,
                withTenant.Headers.Names.SelectMany(n => withTenant.Headers.GetAll(n).Select(v => H(n, n == "X-Tenant" ? "t2" : v))).ToList());

            Assert.Equal(ErrorCodes.InvalidSignature, (await world.AuthorizeAsync(tenantSwapped)).ErrorCode);
            Assert.Equal(DecisionOutcome.Allow, (await world.AuthorizeAsync(plain)).Outcome);
            Assert.Equal(DecisionOutcome.Allow, (await world.AuthorizeAsync(withTenant)).Outcome);
        }
    }

    [Fact]
    public async Task Repeated_decisions_over_a_cached_directory_follow_a_revoked_authorization()
    {
        var world = await CreateAsync();
        var cached = new CachingAppDirectory(world.Directory, new AppCacheOptions(), world.Clock);
        var engine = new AuthorizerEngine(cached, world.Store, world.Clock, AuthorizerOptions.Default, null);
        var request = Request("GET", "http://127.0.0.1:3000/echo/a", [H("Authorization", "APPCODE " + AppCode)]);

        var first = await engine.AuthorizeAsync(request);
        var second = await engine.AuthorizeAsync(request);
        await world.Store.DeleteAuthorizationAsync(AppId, AuthId);
        cached.Clear();
        var afterRevoke = await engine.AuthorizeAsync(request);

        Assert.Equal(DecisionOutcome.Allow, first.Outcome);
        Assert.Equal(first.Principal, second.Principal);
        Assert.Equal(first.Resources, second.Resources);
        Assert.Equal(DecisionOutcome.Deny, afterRevoke.Outcome);
        Assert.Equal(ErrorCodes.NotAuthorized, afterRevoke.ErrorCode);
    }
}
