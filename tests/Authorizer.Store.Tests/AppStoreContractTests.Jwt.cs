using Authorizer.Core.Decisions;
using Authorizer.Core.Jwt;
using Authorizer.Core.Model;
using Authorizer.Core.Requests;
using Authorizer.Core.Store;

namespace Authorizer.Store.Tests;

/// <summary>An API's jwt section round-trips through each store, and single-use JWTs are enforced by each store's nonce records.</summary>
public abstract partial class AppStoreContractTests
{
    private const string JwtApiId = "jwtapi";

    [Fact]
    public async Task Jwt_settings_are_stored_and_read_back_whole()
    {
        using var signer = JwtSigner.Create(JwtAlgorithm.ES256, "k1");
        var jwt = new JwtSettings
        {
            Mode = JwtMode.AppAndJwt,
            Source = JwtTokenSource.Cookie,
            Name = "id_token",
            Prefix = string.Empty,
            BypassEmptyToken = true,
            Provider = new JwtProvider
            {
                AppId = "app-idp",
                Issuers = ["https://idp.example.com/"],
                Audiences = ["a", "b"],
                Algorithms = ["ES256", "RS256"],
                ClockToleranceSeconds = 5,
                RequiredClaims = ["email"],
                ClaimValues = new Dictionary<string, string>(StringComparer.Ordinal) { ["tenant"] = "acme" },
                ClaimsToContext = ["sub"],
                PreventJtiReplay = true,
                PassToken = true,
                Jwks = JwtSigner.Jwks(signer),
                JwksUri = "https://idp.example.com/jwks",
            },
        };
        await Store.PutApiSettingsAsync(new ApiSettings { ApiId = JwtApiId, Jwt = jwt }, null);

        var read = (await Store.GetApiSettingsAsync(JwtApiId))!.Jwt!;
        Assert.Equal((jwt.Mode, jwt.Source, jwt.Name, jwt.Prefix, jwt.BypassEmptyToken), (read.Mode, read.Source, read.Name, read.Prefix, read.BypassEmptyToken));
        var p = read.Provider;
        Assert.Equal("app-idp", p.AppId);
        Assert.Equal(jwt.Provider.Issuers, p.Issuers);
        Assert.Equal(jwt.Provider.Audiences, p.Audiences);
        Assert.Equal(jwt.Provider.Algorithms, p.Algorithms);
        Assert.Equal(5, p.ClockToleranceSeconds);
        Assert.Equal(["email"], p.RequiredClaims);
        Assert.Equal("acme", p.ClaimValues["tenant"]);
        Assert.Equal(["sub"], p.ClaimsToContext);
        Assert.True(p.PreventJtiReplay && p.PassToken);
        Assert.Equal(jwt.Provider.JwksUri, p.JwksUri);
        Assert.True(JsonWebKeySet.TryParse(p.Jwks!, out var keys, out _));
        Assert.Equal("k1", Assert.Single(keys.Keys).Kid);
        Assert.False(p.Discovery);
    }

    [Fact]
    public async Task A_discovering_jwt_provider_is_stored_and_read_back()
    {
        var jwt = new JwtSettings
        {
            Provider = new JwtProvider { AppId = "app-idp", Issuers = ["https://login.example.com/tenant/v2.0"], Discovery = true },
        };
        await Store.PutApiSettingsAsync(new ApiSettings { ApiId = JwtApiId, Jwt = jwt }, null);

        var read = (await Store.GetApiSettingsAsync(JwtApiId))!.Jwt!.Provider;

        Assert.True(read.Discovery);
        Assert.Equal(["https://login.example.com/tenant/v2.0"], read.Issuers);
        Assert.Null(read.JwksUri);
        Assert.Null(read.Jwks);
    }

    [Fact]
    public async Task A_single_use_jwt_is_refused_the_second_time_through_this_store()
    {
        using var signer = JwtSigner.Create(JwtAlgorithm.RS256, "k1");
        var protector = new PlainProtector();
        var app = TestData.App();
        await Store.CreateAppAsync(app, []);
        await Store.PutAuthorizationAsync(TestData.Authorization(app.AppId, JwtApiId) with { Stage = "*", Routes = [new RouteGrant("GET", "/pets/1")] });
        await Store.PutApiSettingsAsync(new ApiSettings
        {
            ApiId = JwtApiId,
            Jwt = new JwtSettings
            {
                Provider = new JwtProvider { AppId = app.AppId, Issuers = ["i"], Jwks = JwtSigner.Jwks(signer), PreventJtiReplay = true },
            },
        }, null);
        var engine = new AuthorizerEngine(new AppDirectory(Store, protector), Store, Time, AuthorizerOptions.Default, tokens: null);
        var now = Time.GetUtcNow().ToUnixTimeSeconds();
        var token = signer.Sign($"{{\"iss\":\"i\",\"sub\":\"u\",\"exp\":{now + 300},\"jti\":\"once\"}}");
        var headers = new HeaderMap();
        headers.Add("Authorization", "Bearer " + token);
        var request = new AuthRequest
        {
            Kind = EventKind.RestRequest,
            Method = "GET",
            Path = "/pets/1",
            Headers = headers,
            Query = new QueryMap(),
            Target = ApiTarget.TryParse($"arn:aws:execute-api:us-east-1:123456789012:{JwtApiId}/prod/GET/pets/1", out var target)
                ? target
                : throw new InvalidOperationException("bad test ARN"),
        };

        Assert.Equal(DecisionOutcome.Allow, (await engine.AuthorizeAsync(request)).Outcome);
        Assert.Equal(ErrorCodes.JtiReplayed, (await engine.AuthorizeAsync(request)).ErrorCode);
    }
}
