using System.Text;
using Authorizer.Core.Decisions;
using Authorizer.Core.Requests;
using Authorizer.Core.Secrets;
using Authorizer.Core.Store;
using Authorizer.Core.Throttling;

namespace Authorizer.Management.Tests;

/// <summary>
/// <c>POST /v1/tokens</c> checks an AppSecret like the authorizer does: the same failure throttle (per AppKey and
/// per source, shared through the store), and the same work for unknown AppKeys as for known ones.
/// </summary>
public sealed class TokenThrottleTests
{
    private const int Limit = FailureThrottleOptions.DefaultMaxFailures;

    [Fact]
    public async Task Guessing_the_secret_at_the_token_endpoint_locks_the_app_key()
    {
        using var h = await ApiHarness.CreateAsync();
        var app = await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}");
        for (var i = 0; i < Limit + 5; i++)
        {
            var guess = await IssueAsync(h, app.Str("appKey"), $"wrong-{i}", $"198.51.100.{i}");
            Assert.Equal(i < Limit ? 401 : 429, guess.Status);
        }

        var right = await IssueAsync(h, app.Str("appKey"), app.Str("appSecret"), "203.0.113.1");
        right.AssertProblem(429, "too_many_failures");
        Assert.Null(right.Header("X-Subject-Token"));

        h.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(201, (await IssueAsync(h, app.Str("appKey"), app.Str("appSecret"), "203.0.113.1")).Status);
    }

    [Fact]
    public async Task Guessing_app_keys_from_one_address_locks_the_address()
    {
        using var h = await ApiHarness.CreateAsync();
        var app = await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}");
        for (var i = 0; i < Limit; i++)
        {
            (await IssueAsync(h, $"guess-{i}", "x", "198.51.100.7")).AssertProblem(401, "invalid_credentials");
        }

        (await IssueAsync(h, app.Str("appKey"), app.Str("appSecret"), "198.51.100.7")).AssertProblem(429, "too_many_failures");
        Assert.Equal(201, (await IssueAsync(h, app.Str("appKey"), app.Str("appSecret"), "198.51.100.8")).Status);
    }

    [Fact]
    public async Task Failures_at_the_authorizer_lock_the_token_endpoint_too()
    {
        using var h = await ApiHarness.CreateAsync();
        var app = await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}");
        var engine = new AuthorizerEngine(new AppDirectory(h.Store, h.Protector), h.Store, h.Time, AuthorizerOptions.Default, tokens: null);
        for (var i = 0; i < Limit; i++)
        {
            var denied = await engine.AuthorizeAsync(BasicRequest(app.Str("appKey"), "wrong", $"198.51.100.{i}"));
            Assert.Equal(ErrorCodes.InvalidCredentials, denied.ErrorCode);
        }

        (await IssueAsync(h, app.Str("appKey"), app.Str("appSecret"), "203.0.113.1")).AssertProblem(429, "too_many_failures");
    }

    [Fact]
    public async Task Failures_at_the_token_endpoint_lock_the_authorizer_at_its_next_guess()
    {
        using var h = await ApiHarness.CreateAsync();
        var app = await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}");
        for (var i = 0; i < Limit; i++)
        {
            await IssueAsync(h, app.Str("appKey"), "wrong", $"198.51.100.{i}");
        }

        // The authorizer reads shared counts only near its own limit (no store call on its success path), so a
        // container that has seen no failure learns of the lock from its first failure's write.
        var engine = new AuthorizerEngine(new AppDirectory(h.Store, h.Protector), h.Store, h.Time, AuthorizerOptions.Default, tokens: null);
        Assert.Equal(ErrorCodes.InvalidCredentials, (await engine.AuthorizeAsync(BasicRequest(app.Str("appKey"), "wrong", "203.0.113.9"))).ErrorCode);
        Assert.Equal(ErrorCodes.TooManyFailures, (await engine.AuthorizeAsync(BasicRequest(app.Str("appKey"), app.Str("appSecret"), "203.0.113.1"))).ErrorCode);
    }

    [Fact]
    public async Task An_unknown_app_key_costs_the_same_decryption_as_a_known_one()
    {
        var protector = new CountingProtector(new TestSecretProtector());
        using var h = await ApiHarness.CreateAsync(protector: protector);
        var app = await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}");
        await IssueAsync(h, "warm-up", "x", "192.0.2.1");

        var before = protector.Unprotects;
        (await IssueAsync(h, app.Str("appKey"), "wrong", "192.0.2.2")).AssertProblem(401, "invalid_credentials");
        var known = protector.Unprotects - before;

        before = protector.Unprotects;
        (await IssueAsync(h, "no-such-key", "wrong", "192.0.2.3")).AssertProblem(401, "invalid_credentials");
        var unknown = protector.Unprotects - before;

        Assert.Equal(1, known);
        Assert.Equal(known, unknown);
    }

    [Fact]
    public async Task A_malformed_basic_header_is_not_counted_as_a_guess()
    {
        using var h = await ApiHarness.CreateAsync();
        var app = await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}");
        for (var i = 0; i < Limit + 5; i++)
        {
            var reply = await h.SendRawAsync(Request("{}", "198.51.100.9", ("Authorization", "Basic !!!")));
            reply.AssertProblem(401, "invalid_credentials");
        }

        Assert.Equal(201, (await IssueAsync(h, app.Str("appKey"), app.Str("appSecret"), "198.51.100.9")).Status);
    }

    private static Task<Reply> IssueAsync(ApiHarness h, string appKey, string appSecret, string sourceIp)
    {
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(appKey + ":" + appSecret));
        return h.SendRawAsync(Request(null, sourceIp, ("Authorization", basic)));
    }

    private static ManagementRequest Request(string? body, string sourceIp, params (string Name, string Value)[] headers)
    {
        var map = new HeaderMap();
        map.Add("Content-Type", "application/json");
        foreach (var (name, value) in headers)
        {
            map.Add(name, value);
        }

        return new ManagementRequest { Method = "POST", Path = "/v1/tokens", Headers = map, Body = body, SourceIp = sourceIp };
    }

    private static AuthRequest BasicRequest(string appKey, string secret, string sourceIp)
    {
        var headers = new HeaderMap();
        headers.Add("Host", "api.example.com");
        headers.Add("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(appKey + ":" + secret)));
        Assert.True(ApiTarget.TryParse("arn:aws:execute-api:us-east-1:123456789012:api1/prod/GET/echo/a", out var target));
        return new AuthRequest
        {
            Kind = EventKind.RestRequest,
            Method = "GET",
            Path = "/echo/a",
            Headers = headers,
            Query = new QueryMap(),
            Target = target,
            SourceIp = sourceIp,
        };
    }

    private sealed class CountingProtector(ISecretProtector inner) : ISecretProtector
    {
        private int _unprotects;

        public int Unprotects => Volatile.Read(ref _unprotects);

        public ValueTask<byte[]> ProtectAsync(string appId, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken = default) =>
            inner.ProtectAsync(appId, plaintext, cancellationToken);

        public ValueTask<byte[]> UnprotectAsync(string appId, ReadOnlyMemory<byte> ciphertext, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _unprotects);
            return inner.UnprotectAsync(appId, ciphertext, cancellationToken);
        }
    }
}
