using Authorizer.Core.Decisions;
using Authorizer.Core.Jwt;
using Authorizer.Core.Model;
using Authorizer.Core.Tests.Support;
using static Authorizer.Core.Tests.Support.TestWorld;

namespace Authorizer.Core.Tests.Jwt;

/// <summary>The JWT plug-in through the whole decision: modes, token locations, the provider's app as grantee, replay and caching.</summary>
public sealed class JwtEngineTests : IDisposable
{
    private const string ProviderAppId = "app-idp";
    private const string Url = "https://api.example.com/orders/1";

    private readonly JwtSigner _signer = JwtSigner.Create(JwtAlgorithm.RS256, "idp-1");

    public void Dispose() => _signer.Dispose();

    [Fact]
    public async Task A_valid_bearer_jwt_lets_the_provider_app_in_with_the_claims_in_the_context()
    {
        var world = await WorldAsync(s => s);
        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "Bearer " + Token())]));
        Assert.Equal(DecisionOutcome.Allow, decision.Outcome);
        Assert.Equal(ProviderAppId, decision.Principal!.AppId);
        Assert.Equal(SchemeIds.Jwt, decision.Principal.Scheme);
        Assert.Contains(KeyValuePair.Create("claim_sub", "user-1"), decision.Principal.Claims!);
        Assert.Contains(KeyValuePair.Create("claim_tenant", "acme"), decision.Principal.Claims!);
    }

    [Fact]
    public async Task Two_users_tokens_each_get_their_own_claims()
    {
        var world = await WorldAsync(s => s);
        var first = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "Bearer " + Token(sub: "alice"))]));
        var second = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "Bearer " + Token(sub: "bob"))]));
        Assert.Contains(KeyValuePair.Create("claim_sub", "alice"), first.Principal!.Claims!);
        Assert.Contains(KeyValuePair.Create("claim_sub", "bob"), second.Principal!.Claims!);
    }

    [Fact]
    public async Task The_provider_app_obeys_its_route_authorizations()
    {
        var world = await WorldAsync(s => s);
        var decision = await world.AuthorizeAsync(Request("POST", "https://api.example.com/admin", [H("Authorization", "Bearer " + Token())]));
        Assert.Equal(ErrorCodes.NotAuthorized, decision.ErrorCode);
    }

    [Fact]
    public async Task A_disabled_provider_app_shuts_its_tokens_out()
    {
        var world = await WorldAsync(s => s, providerStatus: AppStatus.Disabled);
        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "Bearer " + Token())]));
        Assert.Equal(ErrorCodes.AppDisabled, decision.ErrorCode);
    }

    [Fact]
    public async Task Jwt_mode_without_a_token_is_401_and_with_bypass_the_anonymous_caller_gets_the_provider_routes()
    {
        var strict = await WorldAsync(s => s);
        Assert.Equal(DecisionOutcome.Unauthorized, (await strict.AuthorizeAsync(Request("GET", Url))).Outcome);

        var open = await WorldAsync(s => s with { BypassEmptyToken = true });
        var decision = await open.AuthorizeAsync(Request("GET", Url));
        Assert.Equal(DecisionOutcome.Allow, decision.Outcome);
        Assert.Contains(KeyValuePair.Create("anonymous", "true"), decision.Principal!.Claims!);
        Assert.Equal(ErrorCodes.InvalidToken, (await open.AuthorizeAsync(Request("GET", Url, [H("Authorization", "Bearer nope")]))).ErrorCode);
    }

    [Fact]
    public async Task Jwt_mode_refuses_app_credentials()
    {
        var world = await WorldAsync(s => s);
        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("X-Apig-AppCode", AppCode)]));
        Assert.Equal(ErrorCodes.SchemeNotAllowed, decision.ErrorCode);
    }

    [Fact]
    public async Task App_or_jwt_takes_either_but_not_both()
    {
        var world = await WorldAsync(s => s with { Mode = JwtMode.AppOrJwt });
        var app = await world.AuthorizeAsync(Request("GET", Url, [H("X-Apig-AppCode", AppCode)]));
        Assert.Equal(AppId, app.Principal!.AppId);
        var user = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "Bearer " + Token())]));
        Assert.Equal(ProviderAppId, user.Principal!.AppId);
        var both = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "Bearer " + Token()), H("X-Apig-AppCode", AppCode)]));
        Assert.Equal(ErrorCodes.AmbiguousCredentials, both.ErrorCode);
    }

    [Fact]
    public async Task App_or_jwt_keeps_sdk_signatures_in_the_authorization_header()
    {
        var world = await WorldAsync(s => s with { Mode = JwtMode.AppOrJwt });
        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "APPCODE " + AppCode)]));
        Assert.Equal(AppId, decision.Principal!.AppId);
    }

    [Fact]
    public async Task App_and_jwt_needs_both_and_the_app_is_the_principal_with_the_user_claims()
    {
        var world = await WorldAsync(s => s with { Mode = JwtMode.AppAndJwt, Name = "X-User-Token", Prefix = "" });
        var both = await world.AuthorizeAsync(Request("GET", Url, [H("X-Apig-AppCode", AppCode), H("X-User-Token", Token())]));
        Assert.Equal(DecisionOutcome.Allow, both.Outcome);
        Assert.Equal(AppId, both.Principal!.AppId);
        Assert.Equal(SchemeIds.AppCode, both.Principal.Scheme);
        Assert.Contains(KeyValuePair.Create("claim_sub", "user-1"), both.Principal.Claims!);

        Assert.Equal(DecisionOutcome.Unauthorized, (await world.AuthorizeAsync(Request("GET", Url, [H("X-Apig-AppCode", AppCode)]))).Outcome);
        Assert.Equal(DecisionOutcome.Unauthorized, (await world.AuthorizeAsync(Request("GET", Url, [H("X-User-Token", Token())]))).Outcome);
        var wrongApp = await world.AuthorizeAsync(Request("GET", Url, [H("X-Apig-AppCode", "x" + AppCode[1..]), H("X-User-Token", Token())]));
        Assert.Equal(ErrorCodes.InvalidAppCode, wrongApp.ErrorCode);
        var badToken = await world.AuthorizeAsync(Request("GET", Url, [H("X-Apig-AppCode", AppCode), H("X-User-Token", Token(iss: "https://evil/"))]));
        Assert.Equal(ErrorCodes.InvalidIssuer, badToken.ErrorCode);
    }

    [Fact]
    public async Task On_a_jwt_api_bearer_means_the_provider_token_and_never_our_token_scheme()
    {
        var world = await WorldAsync(s => s with { Mode = JwtMode.AppOrJwt });
        using var ours = JwtSigner.Create(JwtAlgorithm.ES256, "our-token-key");
        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "Bearer " + ours.Sign(Payload()))]));
        Assert.Equal(SchemeIds.Jwt, decision.Scheme);
        Assert.Equal(ErrorCodes.UnknownKey, decision.ErrorCode);
    }

    [Fact]
    public async Task On_an_api_without_jwt_bearer_stays_our_token_scheme()
    {
        var world = await TestWorld.CreateAsync();
        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "Bearer " + Token())]));
        Assert.Equal(SchemeIds.Token, decision.Scheme);
    }

    [Fact]
    public async Task A_token_in_the_query_or_a_cookie_is_found_there_and_twice_is_ambiguous()
    {
        var query = await WorldAsync(s => s with { Source = JwtTokenSource.Query, Name = JwtSettings.DefaultQuery, Prefix = "" });
        var token = Token();
        Assert.Equal(DecisionOutcome.Allow, (await query.AuthorizeAsync(Request("GET", Url, query: [KeyValuePair.Create("access_token", token)]))).Outcome);
        var twice = await query.AuthorizeAsync(Request("GET", Url, query: [KeyValuePair.Create("access_token", token), KeyValuePair.Create("access_token", token)]));
        Assert.Equal(ErrorCodes.AmbiguousCredentials, twice.ErrorCode);

        var cookie = await WorldAsync(s => s with { Source = JwtTokenSource.Cookie, Name = "id_token", Prefix = "" });
        Assert.Equal(DecisionOutcome.Allow, (await cookie.AuthorizeAsync(Request("GET", Url, [H("cookie", "a=b; id_token=" + token + "; c=d")]))).Outcome);
        Assert.Equal(ErrorCodes.AmbiguousCredentials, (await cookie.AuthorizeAsync(Request("GET", Url, [H("cookie", $"id_token={token}; id_token={token}")]))).ErrorCode);
    }

    [Fact]
    public async Task A_token_event_carries_the_bearer_jwt()
    {
        var world = await WorldAsync(s => s);
        var decision = await world.AuthorizeAsync(TokenEvent("Bearer " + Token(), "GET", "/orders/1"));
        Assert.Equal(DecisionOutcome.Allow, decision.Outcome);
    }

    [Fact]
    public async Task With_jti_replay_prevention_a_token_works_once_for_the_exact_arn_and_not_behind_a_result_cache()
    {
        var world = await WorldAsync(s => s with { Provider = s.Provider with { PreventJtiReplay = true } });
        var token = Token();
        var request = Request("GET", Url, [H("Authorization", "Bearer " + token)]);
        var first = await world.AuthorizeAsync(request);
        Assert.Equal(DecisionOutcome.Allow, first.Outcome);
        Assert.Equal([request.Target.Arn], first.Resources);
        Assert.Equal(ErrorCodes.JtiReplayed, (await world.AuthorizeAsync(request)).ErrorCode);

        var cached = await world.Engine.ForResultCache().AuthorizeAsync(Request("GET", Url, [H("Authorization", "Bearer " + Token())]));
        Assert.Equal(ErrorCodes.SchemeNotCacheable, cached.ErrorCode);
    }

    [Fact]
    public async Task A_refused_request_does_not_use_up_a_single_use_token()
    {
        var world = await WorldAsync(s => s with { Provider = s.Provider with { PreventJtiReplay = true } });
        var token = Token();
        Assert.Equal(ErrorCodes.NotAuthorized, (await world.AuthorizeAsync(Request("POST", "https://api.example.com/admin", [H("Authorization", "Bearer " + token)]))).ErrorCode);
        Assert.Equal(DecisionOutcome.Allow, (await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "Bearer " + token)]))).Outcome);
    }

    [Fact]
    public async Task A_stable_jwt_is_served_by_the_cached_authorizer()
    {
        var world = await WorldAsync(s => s);
        var decision = await world.Engine.ForResultCache().AuthorizeAsync(Request("GET", Url, [H("Authorization", "Bearer " + Token())]));
        Assert.Equal(DecisionOutcome.Allow, decision.Outcome);
    }

    [Fact]
    public async Task An_oversized_claim_for_the_context_is_refused_not_cut()
    {
        var world = await WorldAsync(s => s);
        var decision = await world.AuthorizeAsync(Request("GET", Url, [H("Authorization", "Bearer " + Token(tenant: new string('t', JwtLimits.MaxContextValueLength + 1)))]));
        Assert.Equal(ErrorCodes.InvalidToken, decision.ErrorCode);
    }

    private string Token(string sub = "user-1", string iss = "https://idp.example.com/", string tenant = "acme")
    {
        var now = VectorTime.ToUnixTimeSeconds();
        return _signer.Sign($"{{\"iss\":\"{iss}\",\"sub\":\"{sub}\",\"aud\":\"api://orders\",\"tenant\":\"{tenant}\",\"iat\":{now},\"exp\":{now + 600},\"jti\":\"{Guid.NewGuid():N}\"}}");
    }

    private static string Payload()
    {
        var now = VectorTime.ToUnixTimeSeconds();
        return $"{{\"iss\":\"https://idp.example.com/\",\"sub\":\"app-1\",\"aud\":\"api://orders\",\"iat\":{now},\"exp\":{now + 600},\"jti\":\"x\"}}";
    }

    private async Task<TestWorld> WorldAsync(Func<JwtSettings, JwtSettings> configure, AppStatus providerStatus = AppStatus.Enabled)
    {
        var world = await TestWorld.CreateAsync();
        await world.AddAppAsync(ProviderAppId, "idp-app-key", [("unused-secret-unused-secret-000", null)], status: providerStatus);
        await world.GrantAsync("auth-idp", ProviderAppId, ApiId, "*", [new RouteGrant("GET", "/orders/*")]);
        var jwt = configure(new JwtSettings
        {
            Provider = new JwtProvider
            {
                AppId = ProviderAppId,
                Issuers = ["https://idp.example.com/"],
                Audiences = ["api://orders"],
                Jwks = JwtSigner.Jwks(_signer),
                ClaimsToContext = ["sub", "tenant"],
            },
        });
        await world.PutSettingsAsync(new ApiSettings { ApiId = ApiId, Jwt = jwt });
        return world;
    }
}
