using System.Text;
using System.Text.Json.Nodes;
using Authorizer.Core.Model;
using Authorizer.Core.Secrets;
using Authorizer.Functions;
using Authorizer.Functions.Hosting;
using BenchmarkDotNet.Attributes;

namespace Authorizer.Benchmarks;

/// <summary>
/// The whole authorizer handler, event bytes → response bytes, on the real composition (SQLite store, AES-GCM
/// secrets, app cache) with the cache warmed by one call in setup, where the response is checked to be Allow.
/// The API's settings turn replay protection off, so the same signed request can be sent again.
/// </summary>
[MemoryDiagnoser]
public class HandlerBenchmarks
{
    private BenchFolder _folder = null!;
    private AuthorizerServices _services = null!;
    private AuthorizerFunction _function = null!;
    private byte[] _event = null!;
    private byte[][] _routes = null!;
    private int _next;

    [Params(
        "rest:appcode", "rest:app-basic", "rest:app-secret", "rest:signature-ca", "rest:signature-sdk", "rest:token",
        "token:appcode", "token:app-basic",
        "http:appcode", "http:app-basic", "http:app-secret", "http:signature-ca", "http:signature-sdk", "http:token")]
    public string Case { get; set; } = "rest:appcode";

    /// <summary>Metrics on (the default) or off, for <c>cpu-per-call</c>; the EMF lines go to stdout as in Lambda.</summary>
    internal bool EmitMetrics { get; set; } = true;

    [GlobalSetup]
    public void Setup()
    {
        _folder = BenchFolder.Create();
        _services = AuthorizerServices.Create(_folder.Settings() with { EmitMetrics = EmitMetrics });
        Seed().GetAwaiter().GetResult();
        _function = new AuthorizerFunction(_services);
        var parts = Case.Split(':');
        var now = DateTimeOffset.UtcNow;
        var token = parts[1] == "token" ? IssueToken() : null;
        Token = token;
        _event = BuildEvent(parts[0], parts[1], now, "/orders/42", token);
        _routes = [.. Enumerable.Range(1, RouteCount).Select(i => BuildEvent(parts[0], parts[1], now, $"/orders/{i}/items", token))];
        foreach (var payload in _routes.Prepend(_event))
        {
            var text = Encoding.UTF8.GetString(Invoke(payload).GetAwaiter().GetResult());
            if (!text.Contains("\"Allow\"", StringComparison.Ordinal) && !text.Contains("\"isAuthorized\":true", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The benchmarked {Case} event is not allowed: {text}");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _folder.Dispose();
    }

    /// <summary>How many distinct routes <see cref="HandleRotatingRoutes"/> cycles through.</summary>
    internal const int RouteCount = 8;

    /// <summary>The event bytes built in <see cref="Setup"/>.</summary>
    internal byte[] Event => _event;

    internal AuthorizerServices Services => _services;

    /// <summary>The token the events carry, for the token scheme (issued with the composition's key file).</summary>
    internal string? Token { get; private set; }

    /// <summary>The same event again and again: every per-request memo (last ARN, last signed-header list) hits.</summary>
    [Benchmark(Baseline = true)]
    public Task<int> Handle() => HandleAsync(_event);

    /// <summary>
    /// The same app and scheme on <see cref="RouteCount"/> different paths in turn (different ARNs, signatures and
    /// string-to-sign), so the memos keyed on the last request miss as they would under mixed traffic.
    /// </summary>
    [Benchmark]
    public Task<int> HandleRotatingRoutes()
    {
        var payload = _routes[_next];
        _next = (_next + 1) % _routes.Length;
        return HandleAsync(payload);
    }

    internal async Task<int> HandleAsync(byte[] payload)
    {
        using var input = new MemoryStream(payload, writable: false);
        using var output = await _function.Handler(input);
        // The handler answers with a MemoryStream over the serialized bytes: reaching them is the end of the work.
        return ((MemoryStream)output).TryGetBuffer(out var bytes) ? bytes.Count : (int)output.Length;
    }

    private async Task<byte[]> Invoke(byte[] payload)
    {
        using var input = new MemoryStream(payload, writable: false);
        using var output = await _function.Handler(input);
        using var copy = new MemoryStream();
        await output.CopyToAsync(copy);
        return copy.ToArray();
    }

    private async Task Seed()
    {
        var now = DateTimeOffset.UtcNow;
        var store = _services.Store;
        var ciphertext = await _services.SecretProtector.ProtectAsync(VerificationWorld.AppId, Encoding.UTF8.GetBytes(BenchCredentials.AppSecret));
        await store.CreateAppAsync(
            new AppRecord
            {
                AppId = VerificationWorld.AppId,
                Name = "Benchmark app",
                AppKey = BenchCredentials.AppKey,
                Secrets = [new StoredSecret(ciphertext, null)],
                CreatedAt = now,
                UpdatedAt = now,
            },
            [new AppCodeRecord("c1", VerificationWorld.AppId, AppCodeHasher.Hash(BenchCredentials.AppCode), "5d8f", now)]);
        await store.PutApiSettingsAsync(new ApiSettings { ApiId = BenchCredentials.ApiId, ReplayProtection = ReplayProtection.Off }, null);
        await store.PutAuthorizationAsync(new AppAuthorization
        {
            AuthId = VerificationWorld.AuthId,
            AppId = VerificationWorld.AppId,
            ApiId = BenchCredentials.ApiId,
            Stage = "*",
            Routes = [new RouteGrant("*", "/*")],
            CreatedAt = now,
        });
    }

    internal byte[] RouteEvent(int index) => _routes[index];

    /// <summary>A token from the composition's own key file (created with the store), as the management API issues it.</summary>
    private string IssueToken()
    {
        using var signer = Authorizer.Core.Tokens.LocalEcdsaTokenSigner.FromKeyFile(_services.Settings.TokenKeyFile);
        return new Authorizer.Core.Tokens.TokenIssuer(signer, TimeProvider.System).IssueAsync(VerificationWorld.AppId, 86_400).AsTask().GetAwaiter().GetResult().Token;
    }

    private static byte[] BuildEvent(string kind, string scheme, DateTimeOffset now, string resourcePath, string? token) =>
        BuildEvent(kind, "GET", resourcePath, (method, wirePath, query, baseHeaders) => BenchCredentials.Headers(scheme, method, wirePath, query, baseHeaders, now, token));

    /// <summary>
    /// A REST REQUEST (<c>rest</c>), REST TOKEN (<c>token</c>) or HTTP API (<c>http</c>) event for <paramref name="method"/>
    /// <paramref name="resourcePath"/> on the benchmark API, with the credential headers <paramref name="credentials"/> gives
    /// for the wire path, query and base headers.
    /// </summary>
    internal static byte[] BuildEvent(
        string kind,
        string method,
        string resourcePath,
        Func<string, string, IReadOnlyList<KeyValuePair<string, string>>, IReadOnlyList<KeyValuePair<string, string>>, IReadOnlyList<KeyValuePair<string, string>>> credentials)
    {
        var arn = $"arn:aws:execute-api:us-east-1:123456789012:{BenchCredentials.ApiId}/{BenchCredentials.Stage}/{method}{resourcePath}";
        KeyValuePair<string, string>[] query = [new("page", "2"), new("sort", "desc")];
        KeyValuePair<string, string>[] baseHeaders =
        [
            new("Host", BenchCredentials.Host),
            new("Accept", "application/json"),
            new("User-Agent", "bench-client/1.0"),
            new("X-Forwarded-For", "203.0.113.7"),
        ];
        var wirePath = kind == "http" ? resourcePath : $"/{BenchCredentials.Stage}{resourcePath}";
        var all = baseHeaders.Concat(credentials(method, wirePath, query, baseHeaders)).ToList();

        JsonObject root;
        if (kind == "token")
        {
            root = new JsonObject
            {
                ["type"] = "TOKEN",
                ["authorizationToken"] = all.Single(h => h.Key == "Authorization").Value,
                ["methodArn"] = arn,
            };
        }
        else if (kind == "http")
        {
            var headers = new JsonObject();
            foreach (var (name, value) in all)
            {
                headers[name.ToLowerInvariant()] = value;
            }

            root = new JsonObject
            {
                ["version"] = "2.0",
                ["type"] = "REQUEST",
                ["routeArn"] = arn,
                ["routeKey"] = "GET /orders/{id}",
                ["rawPath"] = wirePath,
                ["rawQueryString"] = "page=2&sort=desc",
                ["headers"] = headers,
                ["queryStringParameters"] = new JsonObject { ["page"] = "2", ["sort"] = "desc" },
                ["requestContext"] = new JsonObject
                {
                    ["accountId"] = "123456789012",
                    ["apiId"] = BenchCredentials.ApiId,
                    ["domainName"] = BenchCredentials.Host,
                    ["http"] = new JsonObject { ["method"] = method, ["path"] = wirePath, ["protocol"] = "HTTP/1.1", ["sourceIp"] = "203.0.113.7", ["userAgent"] = "bench-client/1.0" },
                    ["requestId"] = "bench-request",
                    ["routeKey"] = "GET /orders/{id}",
                    ["stage"] = BenchCredentials.Stage,
                },
            };
        }
        else
        {
            var headers = new JsonObject();
            var multi = new JsonObject();
            foreach (var (name, value) in all)
            {
                headers[name] = value;
                multi[name] = new JsonArray(value);
            }

            root = new JsonObject
            {
                ["type"] = "REQUEST",
                ["methodArn"] = arn,
                ["resource"] = "/orders/{id}",
                ["path"] = resourcePath,
                ["httpMethod"] = method,
                ["headers"] = headers,
                ["multiValueHeaders"] = multi,
                ["queryStringParameters"] = new JsonObject { ["page"] = "2", ["sort"] = "desc" },
                ["multiValueQueryStringParameters"] = new JsonObject { ["page"] = new JsonArray("2"), ["sort"] = new JsonArray("desc") },
                ["pathParameters"] = new JsonObject { ["id"] = "42" },
                ["requestContext"] = new JsonObject
                {
                    ["path"] = wirePath,
                    ["accountId"] = "123456789012",
                    ["stage"] = BenchCredentials.Stage,
                    ["requestId"] = "bench-request",
                    ["resourcePath"] = "/orders/{id}",
                    ["httpMethod"] = method,
                    ["apiId"] = BenchCredentials.ApiId,
                    ["identity"] = new JsonObject { ["sourceIp"] = "203.0.113.7" },
                },
            };
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }
}
