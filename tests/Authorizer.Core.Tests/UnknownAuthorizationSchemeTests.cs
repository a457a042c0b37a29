using Authorizer.Core.Decisions;
using static Authorizer.Core.Tests.Support.TestWorld;

namespace Authorizer.Core.Tests;

/// <summary>
/// An <c>Authorization</c> header is a credential even when its scheme is one the authorizer cannot judge: it is
/// never ignored in favour of another credential, since a result cache keyed on <c>Authorization</c> would then
/// store the other credential's Allow under the unjudged value.
/// </summary>
public sealed class UnknownAuthorizationSchemeTests
{
    private const string Url = "http://api.example.com/echo/a";

    public static TheoryData<string> UnknownValues => ["Digest abc", "junk", "Negotiate YII=", "APPCODEx 1", "Bearer-ish t"];

    [Theory]
    [MemberData(nameof(UnknownValues))]
    public async Task An_unknown_authorization_beside_an_appcode_is_ambiguous(string value)
    {
        var world = await CreateAsync();

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", value), H("X-Apig-AppCode", AppCode)]));

        Assert.Equal(DecisionOutcome.Deny, decision.Outcome);
        Assert.Equal(ErrorCodes.AmbiguousCredentials, decision.ErrorCode);
    }

    [Fact]
    public async Task An_unknown_authorization_beside_a_valid_ca_signature_is_ambiguous()
    {
        var world = await CreateAsync();
        var signed = world.Signed(Signing.SigningCredentials.ForSignatureCa(AppKey, AppSecret), "GET", Url, [H("Authorization", "junk")]);

        var decision = await world.AuthorizeAsync(signed);

        Assert.Equal(ErrorCodes.AmbiguousCredentials, decision.ErrorCode);
    }

    [Fact]
    public async Task An_unknown_authorization_beside_an_auth_token_is_ambiguous()
    {
        var world = await CreateAsync();

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "junk"), H("X-Auth-Token", "tok")]));

        Assert.Equal(ErrorCodes.AmbiguousCredentials, decision.ErrorCode);
    }

    [Theory]
    [MemberData(nameof(UnknownValues))]
    public async Task An_unknown_authorization_alone_is_denied_as_an_unsupported_scheme(string value)
    {
        var world = await CreateAsync();

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", value)]));

        Assert.Equal(DecisionOutcome.Deny, decision.Outcome);
        Assert.Equal(ErrorCodes.UnsupportedScheme, decision.ErrorCode);
        Assert.DoesNotContain(value, decision.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blank_authorization_is_no_credential()
    {
        var world = await CreateAsync();

        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "  ")]));

        Assert.Equal(DecisionOutcome.Unauthorized, decision.Outcome);
    }
}
