using System.Text.Json;
using Authorizer.Core.Requests;
using Authorizer.Core.Tokens;
using Authorizer.Management;
using Authorizer.Security.Tests.Infrastructure;
using Authorizer.TestSupport.OpenApi;
using FsCheck;
using FsCheck.Fluent;

namespace Authorizer.Security.Tests.Management;

/// <summary>
/// The management API on random routes and bodies answers 4xx, never 5xx or an exception; a non-admin caller
/// reads and changes nothing; secrets appear only in the response that creates them.
/// </summary>
public sealed class ManagementRobustnessTests : IDisposable
{
    public const int Cases = 3_000;

    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "get", "TRACE"];
    private static readonly string[] Segments =
    [
        "v1", "apps", "apis", "appcodes", "authorizations", "secret", "reset", "tokens", "revoke", "{app}", "{app}",
        "x", "", "..", "%2F", "*", "北", "app-%00", new string('a', 300),
    ];

    private static readonly string[] BodyFragments =
    [
        "{", "}", "[", "]", ",", ":", "\"name\"", "\"status\"", "\"roles\"", "\"admin\"", "\"enabled\"", "\"disabled\"",
        "\"allowedSchemes\"", "\"routes\"", "\"method\"", "\"path\"", "\"graceSeconds\"", "\"appKey\"", "\"appSecret\"",
        "\"expiresAt\"", "\"ttlSeconds\"", "\"unknown\"", "null", "true", "-1", "1e309", "99999999999999999999",
        "\"x\"", "\"\"", "{}", "[]", "\"2026-13-45T99:99:99Z\"", "\"\\ud800\"", "\"name\":\"a\",\"name\":\"b\"",
    ];

    private readonly FakeTimeProvider _time = new(CorpusSecrets.Now);
    private readonly LocalEcdsaTokenSigner _signer = LocalEcdsaTokenSigner.CreateEphemeral();
    private readonly Es256TokenValidator _validator;
    private readonly InMemoryAppStore _store;
    private readonly ManagementApi _api;
    private readonly AdminCredentials _admin;

    public ManagementRobustnessTests()
    {
        _store = new InMemoryAppStore(_time);
        _validator = new Es256TokenValidator([_signer.VerificationKey], _time);
        _api = new ManagementApi(_store, new PlainSecretProtector(), new TokenIssuer(_signer, _time), _validator, _time);
        _admin = new AdminBootstrapper(_store, new PlainSecretProtector(), _time).CreateFirstAdminAsync().GetAwaiter().GetResult()!;
    }

    public void Dispose()
    {
        _validator.Dispose();
        _signer.Dispose();
    }

    private ManagementResponse Call(string method, string path, string? body, string? caller)
    {
        var headers = new HeaderMap();
        headers.Add("Content-Type", "application/json");
        var response = _api.HandleAsync(new ManagementRequest { Method = method, Path = path, Body = body, Headers = headers, CallerAppId = caller })
            .GetAwaiter().GetResult();

        // Random routes and bodies too must get only answers the OpenAPI document describes.
        OpenApiContract.Check(method, path, response.StatusCode, response.Headers, response.Body);
        return response;
    }

    private (string AppId, string AppKey, string AppSecret, string Body) CreateApp(string name)
    {
        var response = Call("POST", "/v1/apps", $"{{\"name\":\"{name}\"}}", _admin.AppId);
        Assert.Equal(201, response.StatusCode);
        using var doc = JsonDocument.Parse(response.Body);
        var root = doc.RootElement;
        return (root.GetProperty("appId").GetString()!, root.GetProperty("appKey").GetString()!, root.GetProperty("appSecret").GetString()!, response.Body);
    }

    [Fact]
    public void Random_routes_and_bodies_never_answer_5xx()
    {
        var target = CreateApp("target");
        var generator =
            from method in Gen.Elements(Methods)
            from count in Gen.Choose(0, 6)
            from segments in Gen.ArrayOf(Gen.Elements(Segments), count)
            from bodyCount in Gen.Choose(0, 12)
            from body in Gen.ArrayOf(Gen.Elements(BodyFragments), bodyCount)
            from caller in Gen.Elements<string?>(_admin.AppId, target.AppId, null, "nobody")
            select (method, "/" + string.Join('/', segments).Replace("{app}", target.AppId, StringComparison.Ordinal), string.Concat(body), caller);
        Check.One(
            PropertyRun.Config(Cases, salt: 8),
            Prop.ForAll(generator.ToArbitrary(), input =>
            {
                var (method, path, body, caller) = input;
                var response = Call(method, path, body.Length == 0 ? null : body, caller);
                if (response.StatusCode >= 500 || response.StatusCode < 200)
                {
                    Assert.Fail($"{method} {path} {body} as {caller} -> {response.StatusCode} {response.Body}");
                }
            }));
    }

    [Fact]
    public void A_non_admin_app_can_read_or_change_nothing()
    {
        var caller = CreateApp("plain");
        var victim = CreateApp("victim");
        var before = Snapshot();
        foreach (var (method, path, body) in new (string, string, string?)[]
        {
            ("GET", "/v1/apps", null), ("POST", "/v1/apps", "{\"name\":\"evil\",\"roles\":[\"admin\"]}"),
            ("GET", $"/v1/apps/{victim.AppId}", null), ("PATCH", $"/v1/apps/{caller.AppId}", "{\"roles\":[\"admin\"]}"),
            ("PATCH", $"/v1/apps/{victim.AppId}", "{\"status\":\"disabled\"}"), ("DELETE", $"/v1/apps/{victim.AppId}", null),
            ("POST", $"/v1/apps/{victim.AppId}/secret/reset", "{}"), ("POST", $"/v1/apps/{caller.AppId}/secret/reset", "{}"),
            ("GET", $"/v1/apps/{victim.AppId}/appcodes", null), ("POST", $"/v1/apps/{caller.AppId}/appcodes", "{}"),
            ("POST", $"/v1/apps/{caller.AppId}/authorizations", "{\"apiId\":\"*\",\"stage\":\"*\",\"routes\":[{\"method\":\"*\",\"path\":\"/*\"}]}"),
            ("GET", "/v1/apis", null), ("PUT", "/v1/apis/corpusapi", "{\"allowedSchemes\":[\"appcode\"]}"),
            ("GET", "/v1/apis/corpusapi/authorizations", null), ("POST", "/v1/tokens/revoke", "{\"jti\":\"x\"}"),
        })
        {
            var response = Call(method, path, body, caller.AppId);
            Assert.True(response.StatusCode is 401 or 403, $"{method} {path} -> {response.StatusCode}");
            Assert.DoesNotContain(victim.AppKey, response.Body, StringComparison.Ordinal);
        }

        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void Secrets_appear_only_in_the_response_that_creates_them()
    {
        var app = CreateApp("secretive");
        Assert.Contains(app.AppSecret, app.Body, StringComparison.Ordinal);
        var responses = new[]
        {
            Call("GET", $"/v1/apps/{app.AppId}", null, _admin.AppId),
            Call("GET", "/v1/apps", null, _admin.AppId),
            Call("GET", $"/v1/apps/{app.AppId}/appcodes", null, _admin.AppId),
            Call("PATCH", $"/v1/apps/{app.AppId}", "{\"description\":\"d\"}", _admin.AppId),
            Call("GET", $"/v1/apps/{_admin.AppId}", null, _admin.AppId),
        };
        foreach (var response in responses)
        {
            Assert.True(response.StatusCode < 300, $"{response.StatusCode} {response.Body}");
            foreach (var secret in new[] { app.AppSecret, _admin.AppSecret, _admin.AppCode })
            {
                Assert.DoesNotContain(secret, response.Body, StringComparison.Ordinal);
                Assert.DoesNotContain(secret, string.Join(";", response.Headers.Values), StringComparison.Ordinal);
            }
        }

        var reset = Call("POST", $"/v1/apps/{app.AppId}/secret/reset", "{}", _admin.AppId);
        Assert.True(reset.StatusCode < 300, reset.Body);
        Assert.DoesNotContain(app.AppSecret, reset.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_keys_in_management_bodies_are_refused()
    {
        var response = Call("POST", "/v1/apps", "{\"name\":\"a\",\"name\":\"b\"}", _admin.AppId);
        Assert.Equal(400, response.StatusCode);
        var patch = Call("PATCH", $"/v1/apps/{_admin.AppId}", "{\"status\":\"enabled\",\"status\":\"disabled\"}", _admin.AppId);
        Assert.Equal(400, patch.StatusCode);
    }

    private string Snapshot()
    {
        var apps = _store.ListAppsAsync(1000, null).GetAwaiter().GetResult().Items;
        return string.Join('\n', apps.Select(a => $"{a.AppId}|{a.Status}|{string.Join(',', a.Roles)}|{a.Version}|{a.Secrets.Count}"))
            + "|apis:" + _store.ListApiSettingsAsync(100, null).GetAwaiter().GetResult().Items.Count
            + "|codes:" + string.Join(',', apps.Select(a => _store.ListAppCodesAsync(a.AppId).GetAwaiter().GetResult().Count))
            + "|auths:" + string.Join(',', apps.Select(a => _store.GetAuthorizationsForAppAsync(a.AppId).GetAwaiter().GetResult().Count));
    }
}
