using System.Text.Json;
using Authorizer.Core.Decisions;
using Authorizer.Core.Jwt;
using Authorizer.TestSupport.Network;
using static Authorizer.Core.Tests.Jwt.JwtFixtures;

namespace Authorizer.Core.Tests.Jwt;

/// <summary>
/// OpenID Connect discovery over loopback HTTP: one server is the issuer (its discovery document), another serves the
/// JWKS the document names. Discovery, the exact issuer check, the jwks_uri rules, outages with and without a cached
/// document, rotation (a new kid, a moved jwks_uri) and single flight.
/// </summary>
public sealed class OpenIdDiscoveryTests : IDisposable
{
    private readonly JwtSigner _first = JwtSigner.Create(JwtAlgorithm.ES256, "k1");
    private readonly JwtSigner _second = JwtSigner.Create(JwtAlgorithm.RS256, "k2");
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly JwksHttpServer _keys;
    private readonly JwksHttpServer _idp;
    private readonly JwksCache _cache;

    public OpenIdDiscoveryTests()
    {
        _keys = new JwksHttpServer(JwtSigner.Jwks(_first), "max-age=300");
        _idp = new JwksHttpServer("{}", "max-age=600");
        _idp.Serve(Document(_idp.Issuer, _keys.Url.ToString()), "max-age=600");
        // The longest fetch budget the options take: these tests are about what is fetched and cached, and a test run's
        // first HTTP calls on a loaded machine (64 concurrent first calls among them) can take longer than the 2 s default.
        // The timeout itself is tested with its own cache below.
        _cache = new JwksCache(new JwksCacheOptions { AllowLoopbackHttp = true, FetchTimeout = TimeSpan.FromSeconds(10) }, _clock);
    }

    public void Dispose()
    {
        _cache.Dispose();
        _idp.Dispose();
        _keys.Dispose();
        _first.Dispose();
        _second.Dispose();
    }

    private static string Document(string issuer, string jwksUri) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["issuer"] = issuer,
        ["authorization_endpoint"] = issuer + "/authorize",
        ["jwks_uri"] = jwksUri,
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
    });

    private JwtProvider DiscoveringProvider(string? issuer = null) => new()
    {
        AppId = "app-idp",
        Issuers = [issuer ?? _idp.Issuer],
        Audiences = [Audience],
        ClockToleranceSeconds = 0,
        Discovery = true,
    };

    private string Token(JwtSigner signer, long? exp = null) => signer.Sign(Payload(exp ?? NowSeconds + 10_000, iss: _idp.Issuer));

    private async Task<JwtPass> AuthenticateAsync(string token, JwtProvider? provider = null)
    {
        var authenticator = new JwtAuthenticator(new InMemoryAppStore(_clock), _cache);
        return await authenticator.AuthenticateAsync(token, provider ?? DiscoveringProvider(), _clock.GetUtcNow(), CancellationToken.None);
    }

    [Fact]
    public async Task The_issuers_discovery_document_leads_to_its_jwks_and_the_token_verifies()
    {
        var pass = await AuthenticateAsync(Token(_first));

        Assert.True(pass.Ok, pass.ErrorMessage);
        Assert.Equal("/.well-known/openid-configuration", _idp.LastPath);
        Assert.Equal("/.well-known/jwks.json", _keys.LastPath);
        Assert.True((await AuthenticateAsync(Token(_first))).Ok);
        Assert.Equal((1, 1), (_idp.Requests, _keys.Requests));
        Assert.Equal((1, 1), (_cache.DiscoveryFetches, _cache.Fetches));
    }

    [Fact]
    public async Task An_issuer_with_a_path_and_a_trailing_slash_is_discovered_below_its_path()
    {
        var issuer = _idp.Issuer + "/realms/shop/";
        _idp.Serve(Document(issuer, _keys.Url.ToString()), "max-age=600");
        var token = _first.Sign(Payload(NowSeconds + 10_000, iss: issuer));

        Assert.True((await AuthenticateAsync(token, DiscoveringProvider(issuer))).Ok);
        Assert.Equal("/realms/shop/.well-known/openid-configuration", _idp.LastPath);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/other")]
    [InlineData("https://evil.example.com")]
    public async Task A_document_whose_issuer_is_not_exactly_the_configured_one_is_refused_and_its_keys_never_fetched(string issuerSuffixOrOther)
    {
        var claimed = issuerSuffixOrOther.StartsWith('/') ? _idp.Issuer + issuerSuffixOrOther : issuerSuffixOrOther;
        _idp.Serve(Document(claimed, _keys.Url.ToString()), "max-age=600");

        var pass = await AuthenticateAsync(Token(_first));

        Assert.Equal(ErrorCodes.JwksUnavailable, pass.ErrorCode);
        Assert.Equal(0, _keys.Requests);
    }

    [Theory]
    [InlineData("http://idp.example.com/jwks")]
    [InlineData("ftp://127.0.0.1/jwks")]
    [InlineData("jwks.json")]
    [InlineData("")]
    public async Task A_document_whose_jwks_uri_breaks_the_scheme_rules_is_refused(string jwksUri)
    {
        _idp.Serve(Document(_idp.Issuer, jwksUri), "max-age=600");
        Assert.Equal(ErrorCodes.JwksUnavailable, (await AuthenticateAsync(Token(_first))).ErrorCode);
        Assert.Equal(0, _keys.Requests);
    }

    [Fact]
    public async Task A_document_without_a_jwks_uri_or_not_json_counts_as_an_outage()
    {
        _idp.Serve($"{{\"issuer\":\"{_idp.Issuer}\"}}");
        Assert.Equal(ErrorCodes.JwksUnavailable, (await AuthenticateAsync(Token(_first))).ErrorCode);
        _clock.Advance(TimeSpan.FromSeconds(31));
        _idp.Serve("<html>login</html>");
        Assert.Equal(ErrorCodes.JwksUnavailable, (await AuthenticateAsync(Token(_first))).ErrorCode);
        _clock.Advance(TimeSpan.FromSeconds(31));
        _idp.Serve($"{{\"issuer\":\"{_idp.Issuer}\",\"issuer\":\"{_idp.Issuer}\",\"jwks_uri\":\"{_keys.Url}\"}}");
        Assert.Equal(ErrorCodes.JwksUnavailable, (await AuthenticateAsync(Token(_first))).ErrorCode);
        Assert.Equal(0, _keys.Requests);
    }

    [Fact]
    public async Task A_discovery_outage_with_nothing_cached_fails_closed_and_is_retried_only_after_the_interval()
    {
        _idp.Fail();
        Assert.Equal(ErrorCodes.JwksUnavailable, (await AuthenticateAsync(Token(_first))).ErrorCode);
        Assert.Equal(ErrorCodes.JwksUnavailable, (await AuthenticateAsync(Token(_first))).ErrorCode);
        Assert.Equal((1, 0), (_idp.Requests, _keys.Requests));

        _idp.Serve(Document(_idp.Issuer, _keys.Url.ToString()), "max-age=600");
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await AuthenticateAsync(Token(_first))).Ok);
    }

    [Fact]
    public async Task A_discovery_outage_is_ridden_out_on_the_cached_document_within_the_stale_bound()
    {
        Assert.True((await AuthenticateAsync(Token(_first))).Ok);
        _idp.Fail();
        _keys.Fail();

        // Both documents past their max-age, the refreshes fail: the cached ones are served up to MaxStale (1 h).
        _clock.Advance(TimeSpan.FromSeconds(601));
        Assert.True((await AuthenticateAsync(Token(_first))).Ok);
        Assert.Equal((2, 2), (_idp.Requests, _keys.Requests));

        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(ErrorCodes.JwksUnavailable, (await AuthenticateAsync(Token(_first))).ErrorCode);
    }

    [Fact]
    public async Task A_key_rotated_into_the_discovered_jwks_is_fetched_once_on_its_unknown_kid()
    {
        Assert.True((await AuthenticateAsync(Token(_first))).Ok);
        _keys.Serve(JwtSigner.Jwks(_first, _second), "max-age=300");
        _clock.Advance(TimeSpan.FromSeconds(31));

        Assert.True((await AuthenticateAsync(Token(_second))).Ok);
        Assert.Equal(2, _keys.Requests);
    }

    [Fact]
    public async Task A_provider_that_moves_its_jwks_uri_is_followed_through_a_rediscovery_on_an_unknown_kid()
    {
        Assert.True((await AuthenticateAsync(Token(_first))).Ok);
        using var moved = new JwksHttpServer(JwtSigner.Jwks(_second), "max-age=300");
        _idp.Serve(Document(_idp.Issuer, moved.Url.ToString().Replace("/.well-known/jwks.json", "/v2/keys", StringComparison.Ordinal)), "max-age=600");
        _clock.Advance(TimeSpan.FromSeconds(31));

        var pass = await AuthenticateAsync(Token(_second));

        Assert.True(pass.Ok, pass.ErrorMessage);
        Assert.Equal((2, 1), (_idp.Requests, moved.Requests));
        Assert.Equal("/v2/keys", moved.LastPath);
    }

    [Fact]
    public async Task Sixty_four_concurrent_first_calls_share_one_discovery_and_one_jwks_fetch()
    {
        _idp.Serve(Document(_idp.Issuer, _keys.Url.ToString()), "max-age=600", delay: TimeSpan.FromMilliseconds(200));
        var token = Token(_first);

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => AuthenticateAsync(token))));

        Assert.All(results, r => Assert.True(r.Ok, r.ErrorMessage));
        Assert.Equal((1, 1), (_idp.Requests, _keys.Requests));
    }

    [Fact]
    public async Task Discovery_and_the_jwks_fetch_share_one_fetch_timeout()
    {
        using var cache = new JwksCache(new JwksCacheOptions { AllowLoopbackHttp = true, FetchTimeout = TimeSpan.FromMilliseconds(400) }, _clock);
        _idp.Serve(Document(_idp.Issuer, _keys.Url.ToString()), "max-age=600", delay: TimeSpan.FromMilliseconds(250));
        _keys.Serve(JwtSigner.Jwks(_first), "max-age=300", delay: TimeSpan.FromMilliseconds(250));
        var started = System.Diagnostics.Stopwatch.StartNew();

        var lookup = await cache.DiscoverAsync(_idp.Issuer, unknownKid: false, CancellationToken.None);

        // Each answer alone fits the timeout; both in a row do not, so the key set is cut off at the shared budget.
        Assert.Null(lookup.Keys);
        Assert.True(started.Elapsed < TimeSpan.FromMilliseconds(1500), started.Elapsed.ToString());
    }

    [Fact]
    public async Task Plain_http_issuers_are_not_discovered_unless_loopback_is_allowed()
    {
        using var strict = new JwksCache(new JwksCacheOptions(), _clock);
        Assert.Null((await strict.DiscoverAsync(_idp.Issuer, false, CancellationToken.None)).Keys);
        Assert.Equal(0, _idp.Requests);
    }

    [Theory]
    [InlineData("https://idp.example.com", true)]
    [InlineData("https://idp.example.com/tenant/v2.0", true)]
    [InlineData("https://idp.example.com/?tenant=x", false)]
    [InlineData("https://idp.example.com/#x", false)]
    [InlineData("https://user@idp.example.com", false)]
    [InlineData("http://idp.example.com", false)]
    [InlineData("idp.example.com", false)]
    public void Only_https_issuers_without_query_or_fragment_are_discoverable(string issuer, bool discoverable) =>
        Assert.Equal(discoverable, OpenIdConfiguration.IsDiscoverableIssuer(issuer, allowLoopbackHttp: false));

    [Fact]
    public void The_discovery_path_follows_the_issuer_without_its_terminating_slash()
    {
        Assert.Equal("https://idp.example.com/.well-known/openid-configuration", OpenIdConfiguration.DiscoveryUri("https://idp.example.com/"));
        Assert.Equal("https://idp.example.com/t/1/.well-known/openid-configuration", OpenIdConfiguration.DiscoveryUri("https://idp.example.com/t/1"));
    }
}
