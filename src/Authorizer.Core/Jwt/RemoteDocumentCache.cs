using System.Collections.Concurrent;
using System.Net;

namespace Authorizer.Core.Jwt;

/// <summary>
/// One kind of remote JSON document (a JWKS, an OpenID Connect discovery document) cached per container, one entry per
/// key: a document lives for its <c>Cache-Control</c> max-age (bounded), is refreshed on demand at most once per
/// <see cref="JwksCacheOptions.RefreshInterval"/>, and is fetched by one caller at a time (concurrent callers share the
/// fetch in flight). When a refresh fails the old document is served until <see cref="JwksCacheOptions.MaxStale"/> past
/// its lifetime; with nothing to serve the answer is null, and the caller fails closed. The caller's
/// <see cref="HttpClient"/> follows no redirects, so an https URL cannot lead to plain http.
/// </summary>
/// <remarks>
/// Written here rather than taken from a library: Microsoft.IdentityModel's <c>ConfigurationManager</c> does the
/// discovery part, but brings its own HTTP retrieval, refresh policy and reflection-based JSON (not AOT-clean), and
/// the bounds above (single flight, stale within a bound, a budget inside the decision deadline) are the rules here.
/// </remarks>
internal sealed class RemoteDocumentCache<T>
    where T : class
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly JwksCacheOptions _options;
    private readonly int _maxBytes;
    private readonly Func<string, byte[], T?> _parse;
    private int _fetches;

    /// <param name="parse">The document for an entry's key from the body, or null when the body is not one (counts as an outage).</param>
    public RemoteDocumentCache(HttpClient http, TimeProvider time, JwksCacheOptions options, int maxBytes, Func<string, byte[], T?> parse)
    {
        _http = http;
        _time = time;
        _options = options;
        _maxBytes = maxBytes;
        _parse = parse;
    }

    public int Fetches => Volatile.Read(ref _fetches);

    /// <summary>
    /// The document cached under <paramref name="key"/> (fetched from <paramref name="uri"/> when absent or stale, or when
    /// <paramref name="refresh"/> asks and the interval allows), and whether this call fetched it anew.
    /// <paramref name="budget"/> bounds the fetch this call starts.
    /// </summary>
    public async ValueTask<(T? Value, bool Refreshed)> GetAsync(string key, string uri, bool refresh, TimeSpan budget, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(key, static _ => new Entry());
        var state = entry.State;
        var now = _time.GetUtcNow();
        var dueForRefresh = refresh && now - state.LastAttempt >= _options.RefreshInterval;
        if (state.Value is not null && now < state.FreshUntil && !dueForRefresh)
        {
            return (state.Value, false);
        }

        // Stale or absent: refresh unless the last attempt was too recent, or no time is left (then answer with what there is).
        if ((now - state.LastAttempt < _options.RefreshInterval && state.LastAttempt != DateTimeOffset.MinValue) || budget <= TimeSpan.Zero)
        {
            return (state.Value is not null && now < state.StaleUntil ? state.Value : null, false);
        }

        var fetched = await entry.FetchOnceAsync(() => FetchAsync(key, uri, entry.State, budget)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return (fetched.Value is not null && _time.GetUtcNow() < fetched.StaleUntil ? fetched.Value : null, !ReferenceEquals(fetched.Value, state.Value));
    }

    private async Task<State> FetchAsync(string key, string uri, State previous, TimeSpan budget)
    {
        Interlocked.Increment(ref _fetches);
        var started = _time.GetUtcNow();
        try
        {
            using var timeout = new CancellationTokenSource(budget < _options.FetchTimeout ? budget : _options.FetchTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentLength > _maxBytes)
            {
                return Failed(previous, started);
            }

            var body = await ReadBoundedAsync(response, _maxBytes, timeout.Token).ConfigureAwait(false);
            if (body is null || _parse(key, body) is not { } value)
            {
                return Failed(previous, started);
            }

            var ttl = Lifetime(response);
            var now = _time.GetUtcNow();
            return new State(value, now + ttl, now + ttl + _options.MaxStale, now);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            return Failed(previous, started);
        }
    }

    /// <summary>Keeps the previous document (served until its stale bound) and notes the attempt, so the next try waits an interval.</summary>
    private static State Failed(State previous, DateTimeOffset attempted) => previous with { LastAttempt = attempted };

    private TimeSpan Lifetime(HttpResponseMessage response)
    {
        var control = response.Headers.CacheControl;
        var ttl = control is null ? _options.DefaultTtl
            : control.NoStore || control.NoCache ? _options.MinTtl
            : control.MaxAge ?? _options.DefaultTtl;
        return ttl < _options.MinTtl ? _options.MinTtl : ttl > _options.MaxTtl ? _options.MaxTtl : ttl;
    }

    private static async Task<byte[]?> ReadBoundedAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[maxBytes + 1];
            var total = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    return null;
                }
            }

            return buffer.AsSpan(0, total).ToArray();
        }
    }

    /// <summary>What is known of one key; replaced whole, never mutated.</summary>
    private sealed record State(T? Value, DateTimeOffset FreshUntil, DateTimeOffset StaleUntil, DateTimeOffset LastAttempt)
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
