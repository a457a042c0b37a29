using System.Collections.Concurrent;
using System.Net;

namespace Authorizer.Core.Jwt;

/// <summary>
/// Remote JWKS per container: one shared <see cref="HttpClient"/>, one entry per URL. A set lives for its
/// <c>Cache-Control</c> max-age (bounded), is refreshed for an unknown kid at most once per
/// <see cref="JwksCacheOptions.RefreshInterval"/>, and is fetched by one caller at a time: concurrent callers share the
/// one fetch in flight (no storm). When a refresh fails, the old set is served until <see cref="JwksCacheOptions.MaxStale"/>
/// past its lifetime; with nothing to serve, the answer is no keys, and the verifier fails closed.
/// Redirects are not followed, so an https URL cannot lead to plain http.
/// </summary>
public sealed class JwksCache : IJwksSource, IDisposable
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly TimeProvider _time;
    private readonly JwksCacheOptions _options;

    public JwksCache(JwksCacheOptions options, TimeProvider time, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _options = options;
        _time = time;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(15),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = JsonWebKeySet.MaxBytes,
        };
    }

    /// <summary>Fetches made so far (for tests and metrics).</summary>
    public int Fetches => Volatile.Read(ref _fetches);

    private int _fetches;

    public async ValueTask<JwksLookup> GetAsync(string uri, bool unknownKid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!JwtSettingsValidation.IsAcceptedJwksUri(uri, _options.AllowLoopbackHttp))
        {
            return default;
        }

        var entry = _entries.GetOrAdd(uri, static _ => new Entry());
        var state = entry.State;
        var now = _time.GetUtcNow();
        var dueForRefresh = unknownKid && now - state.LastAttempt >= _options.RefreshInterval;
        if (state.Keys is not null && now < state.FreshUntil && !dueForRefresh)
        {
            return new JwksLookup(state.Keys, false);
        }

        // Stale or absent: refresh unless the last attempt was too recent (then answer with what there is).
        if (now - state.LastAttempt < _options.RefreshInterval && state.LastAttempt != DateTimeOffset.MinValue)
        {
            return new JwksLookup(state.Keys is not null && now < state.StaleUntil ? state.Keys : null, false);
        }

        var fetched = await entry.FetchOnceAsync(() => FetchAsync(uri, entry.State)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return new JwksLookup(fetched.Keys is not null && _time.GetUtcNow() < fetched.StaleUntil ? fetched.Keys : null, !ReferenceEquals(fetched.Keys, state.Keys));
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task<State> FetchAsync(string uri, State previous)
    {
        Interlocked.Increment(ref _fetches);
        var started = _time.GetUtcNow();
        try
        {
            using var timeout = new CancellationTokenSource(_options.FetchTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentLength > JsonWebKeySet.MaxBytes)
            {
                return Failed(previous, started);
            }

            var body = await ReadBoundedAsync(response, timeout.Token).ConfigureAwait(false);
            if (body is null || !JsonWebKeySet.TryParse(body, out var keys, out _))
            {
                return Failed(previous, started);
            }

            var ttl = Lifetime(response);
            var now = _time.GetUtcNow();
            return new State(keys, now + ttl, now + ttl + _options.MaxStale, now);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            return Failed(previous, started);
        }
    }

    /// <summary>Keeps the previous set (served until its stale bound) and notes the attempt, so the next try waits an interval.</summary>
    private static State Failed(State previous, DateTimeOffset attempted) => previous with { LastAttempt = attempted };

    private TimeSpan Lifetime(HttpResponseMessage response)
    {
        var control = response.Headers.CacheControl;
        var ttl = control is null ? _options.DefaultTtl
            : control.NoStore || control.NoCache ? _options.MinTtl
            : control.MaxAge ?? _options.DefaultTtl;
        return ttl < _options.MinTtl ? _options.MinTtl : ttl > _options.MaxTtl ? _options.MaxTtl : ttl;
    }

    private static async Task<byte[]?> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[JsonWebKeySet.MaxBytes + 1];
            var total = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > JsonWebKeySet.MaxBytes)
                {
                    return null;
                }
            }

            return buffer.AsSpan(0, total).ToArray();
        }
    }

    /// <summary>What is known of one URL; replaced whole, never mutated.</summary>
    private sealed record State(JsonWebKeySet? Keys, DateTimeOffset FreshUntil, DateTimeOffset StaleUntil, DateTimeOffset LastAttempt)
    {
        public static readonly State Empty = new(null, DateTimeOffset.MinValue, DateTimeOffset.MinValue, DateTimeOffset.MinValue);
    }

    private sealed class Entry
    {
        private readonly Lock _gate = new();
        private Task<State>? _inflight;
        private State _state = State.Empty;

        public State State => Volatile.Read(ref _state);

        /// <summary>Starts <paramref name="fetch"/> unless one is in flight, whose result every waiter then shares.</summary>
        public Task<State> FetchOnceAsync(Func<Task<State>> fetch)
        {
            lock (_gate)
            {
                if (_inflight is { IsCompleted: false } running)
                {
                    return running;
                }

                var task = RunAsync(fetch);
                _inflight = task;
                return task;
            }
        }

        private async Task<State> RunAsync(Func<Task<State>> fetch)
        {
            await Task.Yield();
            var next = await fetch().ConfigureAwait(false);
            Volatile.Write(ref _state, next);
            return next;
        }
    }
}
