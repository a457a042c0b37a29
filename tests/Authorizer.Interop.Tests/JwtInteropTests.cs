using Authorizer.Core.Jwt;
using Authorizer.Core.Model;
using Authorizer.Interop.Tests.Events;
using Authorizer.Interop.Tests.Harness;
using Authorizer.Interop.Tests.Node;

namespace Authorizer.Interop.Tests;

/// <summary>
/// Tokens minted by the npm <c>jose</c> library for every supported algorithm, with and without kid, verify through
/// the real authorizer function on REST and HTTP API events; tampered, wrong-key, wrong-alg (HS256 with the public
/// key as secret, none), expired, wrong iss/aud and replayed tokens are refused with their codes.
/// </summary>
public sealed class JwtInteropTests
{
    private const string Issuer = "https://idp.example.com/";
    private const string Audience = "api://orders";
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Jose_tokens_verify_or_are_refused_with_the_expected_code()
    {
        var minted = await NodeJwtMinter.MintAsync(Now, Issuer, Audience);
        Assert.Equal(18, minted.Cases.Count(c => c.Expect == "allow"));
        await using var harness = await HarnessAsync(minted.Jwks, preventReplay: false);
        var failures = new List<string>();
        foreach (var jwt in minted.Cases)
        {
            foreach (var (kind, verdict) in new[]
            {
                ("REST", await harness.InvokeRestAsync(GatewayEvents.RestRequest(Request(jwt.Token)))),
                ("HTTP API", await harness.InvokeHttpApiAsync(GatewayEvents.HttpApiRequest(Request(jwt.Token)))),
            })
            {
                var got = verdict.Kind == VerdictKind.Allow ? "allow" : verdict.ErrorCode ?? verdict.Kind.ToString();
                if (got != jwt.Expect)
                {
                    failures.Add($"{jwt.Name} ({kind}): expected {jwt.Expect}, got {verdict}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_replayed_jose_token_is_refused_when_jti_replay_prevention_is_on()
    {
        var minted = await NodeJwtMinter.MintAsync(Now, Issuer, Audience);
        await using var harness = await HarnessAsync(minted.Jwks, preventReplay: true);
        var token = minted.Cases.First(c => c.Expect == "allow").Token;
        Assert.Equal(VerdictKind.Allow, (await harness.InvokeRestAsync(GatewayEvents.RestRequest(Request(token)))).Kind);
        var replayed = await harness.InvokeHttpApiAsync(GatewayEvents.HttpApiRequest(Request(token)));
        Assert.Equal("jti_replayed", replayed.ErrorCode);
    }

    private static WireRequest Request(string token) =>
        new("GET", "/orders/1", string.Empty, [KeyValuePair.Create("Host", "api.example.com"), KeyValuePair.Create("Authorization", "Bearer " + token)], []);

    private static Task<AuthorizerHarness> HarnessAsync(string jwks, bool preventReplay) =>
        AuthorizerHarness.CreateAsync(Now, "interop-jwt-key", "interop-jwt-secret-0123456789abcdef", store => store.PutApiSettingsAsync(
            new ApiSettings
            {
                ApiId = GatewayEvents.ApiId,
                Jwt = new JwtSettings
                {
                    Provider = new JwtProvider
                    {
                        AppId = SeededStoreTemplate.AppId,
                        Issuers = [Issuer],
                        Audiences = [Audience],
                        Jwks = jwks,
                        ClaimValues = new Dictionary<string, string>(StringComparer.Ordinal) { ["tenant"] = "acme" },
                        ClaimsToContext = ["sub"],
                        PreventJtiReplay = preventReplay,
                    },
                },
            },
            null));
}
