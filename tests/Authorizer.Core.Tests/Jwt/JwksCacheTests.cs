using Authorizer.Core.Decisions;
using Authorizer.Core.Jwt;
using Authorizer.TestSupport.Network;
using static Authorizer.Core.Tests.Jwt.JwtFixtures;

namespace Authorizer.Core.Tests.Jwt;

/// <summary>A JWKS served over loopback HTTP: fetching, caching by Cache-Control, rotation, single flight and outages.</summary>
public sealed class JwksCacheTests : IDisposable
{
    private readonly JwtSigner _first = JwtSigner.Create(JwtAlgorithm.ES256, "k1");
    private readonly JwtSigner _second = JwtSigner.Create(JwtAlgorithm.ES256, "k2");
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly JwksHttpServer _server;
    private readonly JwksCache _cache;

    public JwksCacheTests()
    {
        _server = new JwksHttpServer(JwtSigner.Jwks(_first), "max-age=300");
        // The longest fetch budget the options take: these tests are about what is fetched and cached, and a test run's
        // first HTTP calls on a loaded machine (64 concurrent first calls among them) can take longer than the 2 s default.
        // The timeout itself is tested with its own cache below.
        _cache = new JwksCache(new JwksCacheOptions { AllowLoopbackHttp = true, FetchTimeout = TimeSpan.FromSeconds(10) }, _clock);
    }

    public void Dispose()
    {
        _cache.Dispose();
        _server.Dispose();
        _first.Dispose();
        _second.Dispose();
    }

    private JwtProvider RemoteProvider => new()
    {
        AppId = "app-idp",
        Issuers = [Issuer],
        Audiences = [Audience],
        ClockToleranceSeconds = 0,
        JwksUri = _server.Url.ToString(),
    };

    private async Task<JwtPass> AuthenticateAsync(string token)
    {
        var authenticator = new JwtAuthenticator(new InMemoryAppStore(_clock), _cache);
        return await authenticator.AuthenticateAsync(token, RemoteProvider, _clock.GetUtcNow(), CancellationToken.None);
    }

    [Fact]
    public async Task A_fetched_set_verifies_tokens_and_is_cached_for_its_max_age()
    {
        Assert.True((await AuthenticateAsync(_first.Sign(Payload()))).Ok);
        Assert.True((await AuthenticateAsync(_first.Sign(Payload()))).Ok);
        Assert.Equal(1, _server.Requests);

        _clock.Advance(TimeSpan.FromSeconds(301));
        Assert.True((await AuthenticateAsync(_first.Sign(Payload(exp: NowSeconds + 1000)))).Ok);
        Assert.Equal(2, _server.Requests);
    }

    [Fact]
    public async Task A_max_age_below_the_minimum_is_raised_to_it()
    {
        _server.Serve(JwtSigner.Jwks(_first), "max-age=1");
        Assert.True((await AuthenticateAsync(_first.Sign(Payload()))).Ok);
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await AuthenticateAsync(_first.Sign(Payload()))).Ok);
        Assert.Equal(1, _server.Requests);
    }

    [Fact]
    public async Task A_rotated_in_key_is_fetched_once_on_its_unknown_kid()
    {
        Assert.True((await AuthenticateAsync(_first.Sign(Payload()))).Ok);
        _server.Serve(JwtSigner.Jwks(_first, _second), "max-age=300");
        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True((await AuthenticateAsync(_second.Sign(Payload(exp: NowSeconds + 1000)))).Ok);
        Assert.Equal(2, _server.Requests);
    }

    [Fact]
    public async Task Unknown_kids_refresh_at_most_once_per_interval()
    {
        Assert.True((await AuthenticateAsync(_first.Sign(Payload()))).Ok);
        using var stranger = JwtSigner.Create(JwtAlgorithm.ES256, "unknown");
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(ErrorCodes.UnknownKey, (await AuthenticateAsync(stranger.Sign(Payload()))).ErrorCode);
        }

        // The first fetch was the initial one, within the interval: no refresh yet. After the interval, one.
        Assert.Equal(1, _server.Requests);
        _clock.Advance(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(ErrorCodes.UnknownKey, (await AuthenticateAsync(stranger.Sign(Payload(exp: NowSeconds + 1000)))).ErrorCode);
        }

        Assert.Equal(2, _server.Requests);
    }

    [Fact]
    public async Task Sixty_four_concurrent_first_calls_share_one_fetch()
    {
        _server.Serve(JwtSigner.Jwks(_first), "max-age=300", delay: TimeSpan.FromMilliseconds(200));
        var token = _first.Sign(Payload());
        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => AuthenticateAsync(token))));
        Assert.All(results, r => Assert.True(r.Ok, r.ErrorMessage));
        Assert.Equal(1, _server.Requests);
    }

    [Fact]
    public async Task With_nothing_cached_an_outage_fails_closed_with_jwks_unavailable()
    {
        _server.Fail();
        Assert.Equal(ErrorCodes.JwksUnavailable, (await AuthenticateAsync(_first.Sign(Payload()))).ErrorCode);
        Assert.Equal(ErrorCodes.JwksUnavailable, (await AuthenticateAsync(_first.Sign(Payload()))).ErrorCode);
        Assert.Equal(1, _server.Requests);
    }

    [Fact]
    public async Task An_unreachable_server_fails_closed()
    {
        var url = _server.Url.ToString();
        _server.Dispose();
        var authenticator = new JwtAuthenticator(new InMemoryAppStore(_clock), _cache);
        var result = await authenticator.AuthenticateAsync(_first.Sign(Payload()), RemoteProvider with { JwksUri = url }, Now, CancellationToken.None);
        Assert.Equal(ErrorCodes.JwksUnavailable, result.ErrorCode);
    }

    [Fact]
    public async Task When_a_refresh_fails_the_old_set_is_served_within_the_stale_bound()
    {
        Assert.True((await AuthenticateAsync(_first.Sign(Payload(exp: NowSeconds + 10_000)))).Ok);
        _server.Fail();
        _clock.Advance(TimeSpan.FromSeconds(301));
        Assert.True((await AuthenticateAsync(_first.Sign(Payload(exp: NowSeconds + 10_000)))).Ok);
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(ErrorCodes.JwksUnavailable, (await AuthenticateAsync(_first.Sign(Payload(exp: NowSeconds + 10_000)))).ErrorCode);
    }

    [Fact]
    public async Task A_slow_server_is_cut_off_by_the_fetch_timeout()
    {
        using var cache = new JwksCache(new JwksCacheOptions { AllowLoopbackHttp = true, FetchTimeout = TimeSpan.FromMilliseconds(200) }, _clock);
        _server.Serve(JwtSigner.Jwks(_first), delay: TimeSpan.FromSeconds(5));
        var started = System.Diagnostics.Stopwatch.StartNew();
        var lookup = await cache.GetAsync(_server.Url.ToString(), unknownKid: false, CancellationToken.None);
        Assert.Null(lookup.Keys);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(4), started.Elapsed.ToString());
    }

    [Fact]
    public async Task Plain_http_is_refused_unless_loopback_is_allowed()
    {
        using var strict = new JwksCache(new JwksCacheOptions(), _clock);
        Assert.Null((await strict.GetAsync(_server.Url.ToString(), false, CancellationToken.None)).Keys);
        Assert.Equal(0, _server.Requests);
        Assert.False(JwtSettingsValidation.IsAcceptedJwksUri("http://idp.example.com/jwks", allowLoopbackHttp: true));
        Assert.True(JwtSettingsValidation.IsAcceptedJwksUri("https://idp.example.com/jwks", allowLoopbackHttp: false));
    }

    [Fact]
    public async Task A_body_that_is_not_a_jwks_counts_as_an_outage()
    {
        _server.Serve("<html>login</html>");
        Assert.Equal(ErrorCodes.JwksUnavailable, (await AuthenticateAsync(_first.Sign(Payload()))).ErrorCode);
    }
}
