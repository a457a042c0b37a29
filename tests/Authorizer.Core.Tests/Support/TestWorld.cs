using System.Text;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Requests;
using Authorizer.Core.Secrets;
using Authorizer.Core.Signing;
using Authorizer.Core.Store;
using Authorizer.Core.Tokens;

namespace Authorizer.Core.Tests.Support;

/// <summary>An engine over an in-memory store with one enabled app authorized on every route of <see cref="ApiId"/>.</summary>
internal sealed class TestWorld
{
    public const string ApiId = "api123";
    public const string Stage = "Prod";
    public const string AppId = "app-1";
    public const string AppName = "Demo app";
    public const string AppKey = "203753391";
    public const string AppSecret = "qB7vXk2LpN9sRt4wYz1cF6hJ0mD3gA8e";
    public const string AppCode = "5f0c7a0e9b1d4c3e8a7f6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e";
    public const string AuthId = "auth-1";
    public const string UsagePlanKey = "usage-key-1";

    /// <summary>The signature-ca vectors' signing time: X-Ca-Timestamp 1795425600000 (2026-11-23T09:20:00Z).</summary>
    public static readonly DateTimeOffset VectorTime = DateTimeOffset.FromUnixTimeMilliseconds(1795425600000);

    /// <summary>The signature-sdk vectors' signing time: X-Sdk-Date 20261123T080000Z.</summary>
    public static readonly DateTimeOffset SdkVectorTime = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private readonly PlainSecretProtector _protector = new();

    private TestWorld(ITokenValidator? tokens, AuthorizerOptions? options)
    {
        Clock = new FakeTimeProvider(VectorTime);
        Store = new NonceCountingAppStore(Clock);
        Directory = new AppDirectory(Store, _protector);
        Tokens = tokens;
        Engine = new AuthorizerEngine(Directory, Store, Clock, options ?? AuthorizerOptions.Default, tokens);
    }

    public FakeTimeProvider Clock { get; }
    public NonceCountingAppStore Store { get; }
    public AppDirectory Directory { get; }
    public ITokenValidator? Tokens { get; }
    public AuthorizerEngine Engine { get; }
    public RequestSigner Signer => new(Clock);

    public static async Task<TestWorld> CreateAsync(ITokenValidator? tokens = null, AuthorizerOptions? options = null, bool grant = true)
    {
        var world = new TestWorld(tokens, options);
        await world.AddAppAsync(AppId, AppKey, [(AppSecret, null)], codes: [AppCode], usagePlanKey: UsagePlanKey);
        if (grant)
        {
            await world.GrantAsync(AuthId, AppId, ApiId, "*", [new RouteGrant("*", "/*")]);
        }

        return world;
    }

    public async Task AddAppAsync(
        string appId,
        string appKey,
        IReadOnlyList<(string Secret, DateTimeOffset? NotAfter)> secrets,
        IReadOnlyList<string>? codes = null,
        AppStatus status = AppStatus.Enabled,
        string? usagePlanKey = null)
    {
        var stored = new List<StoredSecret>();
        foreach (var (secret, notAfter) in secrets)
        {
            stored.Add(new StoredSecret(await _protector.ProtectAsync(appId, Encoding.UTF8.GetBytes(secret)), notAfter));
        }

        var app = new AppRecord
        {
            AppId = appId,
            Name = AppName,
            AppKey = appKey,
            Status = status,
            UsagePlanKey = usagePlanKey,
            Secrets = stored,
        };
        var codeRecords = (codes ?? []).Select((c, i) => new AppCodeRecord($"{appId}-code-{i}", appId, AppCodeHasher.Hash(c), c[^4..], VectorTime)).ToList();
        await Store.CreateAppAsync(app, codeRecords);
    }

    public Task GrantAsync(string authId, string appId, string apiId, string stage, IReadOnlyList<RouteGrant> routes, DateTimeOffset? expiresAt = null, DateTimeOffset? createdAt = null) =>
        Store.PutAuthorizationAsync(new AppAuthorization
        {
            AuthId = authId,
            AppId = appId,
            ApiId = apiId,
            Stage = stage,
            Routes = routes,
            ExpiresAt = expiresAt,
            CreatedAt = createdAt ?? VectorTime,
        });

    public Task PutSettingsAsync(ApiSettings settings) => Store.PutApiSettingsAsync(settings, null);

    public ValueTask<AuthDecision> AuthorizeAsync(AuthRequest request) => Engine.AuthorizeAsync(request);

    /// <summary>A REST REQUEST event's view of a request to <paramref name="url"/>: wire path, decoded query, headers.</summary>
    public static AuthRequest Request(
        string method,
        string url,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        IEnumerable<KeyValuePair<string, string>>? query = null,
        string apiId = ApiId,
        string stage = Stage)
    {
        var uri = new Uri(url);
        var map = new HeaderMap();
        foreach (var header in headers ?? [])
        {
            map.Add(header.Key, header.Value);
        }

        var queryMap = new QueryMap();
        foreach (var pair in query ?? SignableRequest.ParseQuery(uri.Query))
        {
            queryMap.Add(pair.Key, pair.Value);
        }

        var arn = $"arn:aws:execute-api:us-east-1:123456789012:{apiId}/{stage}/{method.ToUpperInvariant()}{uri.AbsolutePath}";
        return new AuthRequest
        {
            Kind = EventKind.RestRequest,
            Method = method.ToUpperInvariant(),
            Path = uri.AbsolutePath,
            Headers = map,
            Query = queryMap,
            Target = ApiTarget.TryParse(arn, out var target) ? target : throw new ArgumentException("bad arn " + arn),
        };
    }

    /// <summary>A TOKEN event carrying one header value.</summary>
    public static AuthRequest TokenEvent(string? token, string method = "GET", string path = "/echo/a")
    {
        var arn = $"arn:aws:execute-api:us-east-1:123456789012:{ApiId}/{Stage}/{method}{path}";
        return new AuthRequest
        {
            Kind = EventKind.RestToken,
            Method = method,
            Path = path,
            Headers = new HeaderMap(),
            Query = new QueryMap(),
            Target = ApiTarget.TryParse(arn, out var target) ? target : throw new ArgumentException("bad arn"),
            AuthorizationToken = token,
        };
    }

    /// <summary>Signs <paramref name="url"/> with the client signer and returns the authorizer's view of the signed request.</summary>
    public AuthRequest Signed(
        SigningCredentials credentials,
        string method,
        string url,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        SigningOptions? options = null)
    {
        var signable = SignableRequest.FromUri(method, new Uri(url), headers);
        var all = signable.Headers.Concat(Signer.Sign(signable, credentials, options)).ToList();
        return Request(method, url, all);
    }

    public static KeyValuePair<string, string> H(string name, string value) => new(name, value);
}
