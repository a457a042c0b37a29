using System.Diagnostics;

namespace Authorizer.Core.Jwt;

/// <summary>
/// Remote keys per container, over one shared <see cref="HttpClient"/> that follows no redirects (an https URL cannot
/// lead to plain http): JWKS by URL, and OpenID Connect discovery documents by issuer, each through a
/// <see cref="RemoteDocumentCache{T}"/> (Cache-Control lifetime within bounds, a refresh for an unknown kid at most once
/// per <see cref="JwksCacheOptions.RefreshInterval"/>, one fetch in flight per entry, stale within
/// <see cref="JwksCacheOptions.MaxStale"/>, nothing served means no keys and the verifier fails closed).
/// </summary>
public sealed class JwksCache : IJwksSource, IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly JwksCacheOptions _options;
    private readonly RemoteDocumentCache<JsonWebKeySet> _keySets;
    private readonly RemoteDocumentCache<OpenIdConfiguration> _discovery;

    public JwksCache(JwksCacheOptions options, TimeProvider time, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _options = options;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(15),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = Math.Max(JsonWebKeySet.MaxBytes, OpenIdConfiguration.MaxBytes),
        };
        _keySets = new RemoteDocumentCache<JsonWebKeySet>(_http, time, options, JsonWebKeySet.MaxBytes, static (_, body) =>
            JsonWebKeySet.TryParse(body, out var keys, out _) ? keys : null);
        var loopback = options.AllowLoopbackHttp;
        _discovery = new RemoteDocumentCache<OpenIdConfiguration>(_http, time, options, OpenIdConfiguration.MaxBytes, (issuer, body) =>
            OpenIdConfiguration.TryParse(body, issuer, loopback, out var configuration, out _) ? configuration : null);
    }

    /// <summary>JWKS fetches made so far (for tests and metrics).</summary>
    public int Fetches => _keySets.Fetches;

    /// <summary>Discovery document fetches made so far (for tests and metrics).</summary>
    public int DiscoveryFetches => _discovery.Fetches;

    public async ValueTask<JwksLookup> GetAsync(string uri, bool unknownKid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!JwtSettingsValidation.IsAcceptedJwksUri(uri, _options.AllowLoopbackHttp))
        {
            return default;
        }

        var (keys, refreshed) = await _keySets.GetAsync(uri, uri, unknownKid, _options.FetchTimeout, cancellationToken).ConfigureAwait(false);
        return new JwksLookup(keys, refreshed);
    }

    public async ValueTask<JwksLookup> DiscoverAsync(string issuer, bool unknownKid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        if (!OpenIdConfiguration.IsDiscoverableIssuer(issuer, _options.AllowLoopbackHttp))
        {
            return default;
        }

        // The document and the key set share one fetch budget, so discovery never doubles the time inside the deadline.
        var started = Stopwatch.GetTimestamp();
        var (configuration, _) = await _discovery.GetAsync(issuer, OpenIdConfiguration.DiscoveryUri(issuer), unknownKid, _options.FetchTimeout, cancellationToken).ConfigureAwait(false);
        if (configuration is null)
        {
            return default;
        }

        // An unknown kid also re-reads the document above (same interval), so a provider that moves its jwks_uri is followed.
        var left = _options.FetchTimeout - Stopwatch.GetElapsedTime(started);
        var (keys, refreshed) = await _keySets.GetAsync(configuration.JwksUri, configuration.JwksUri, unknownKid, left, cancellationToken).ConfigureAwait(false);
        return new JwksLookup(keys, refreshed);
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }
}
