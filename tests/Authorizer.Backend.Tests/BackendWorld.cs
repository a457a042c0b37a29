using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Secrets;
using Authorizer.Core.Signing;
using Authorizer.Core.Store;

namespace Authorizer.Backend.Tests;

/// <summary>
/// One enabled app in an in-memory store read through the authorizer's <see cref="AppDirectory"/> (AES-GCM
/// encrypted secret), a fake clock, and builders of signed proxy events in both payload versions.
/// </summary>
internal sealed class BackendWorld : IDisposable
{
    public const string ApiId = "api123";
    public const string AppId = "app-1";
    public const string AppKey = "203753391";
    public const string AppSecret = "qB7vXk2LpN9sRt4wYz1cF6hJ0mD3gA8e";
    public const string Host = "api123.execute-api.us-east-1.amazonaws.com";
    public const string JsonBody = "{\"id\":9,\"city\":\"北京\"}";
    public const string Form = "item=book&qty=2&note=a%20b";

    private readonly AesGcmSecretProtector _protector = new(RandomNumberGenerator.GetBytes(AesGcmSecretProtector.KeySize));

    private BackendWorld()
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        Store = new InMemoryAppStore(Clock);
        Directory = new AppDirectory(Store, _protector);
    }

    public FakeTimeProvider Clock { get; }

    public InMemoryAppStore Store { get; }

    public AppDirectory Directory { get; }

    public static async Task<BackendWorld> CreateAsync()
    {
        var world = new BackendWorld();
        var secret = await world._protector.ProtectAsync(AppId, Encoding.UTF8.GetBytes(AppSecret));
        await world.Store.CreateAppAsync(
            new AppRecord { AppId = AppId, Name = "demo", AppKey = AppKey, Status = AppStatus.Enabled, Secrets = [new StoredSecret(secret, null)] },
            []);
        await world.Store.PutApiSettingsAsync(new ApiSettings { ApiId = ApiId, BodySignatures = BodySignatureMode.Backend }, null);
        return world;
    }

    public BackendVerifier Verifier(BackendOptions? options = null) => new(Directory, Clock, options);

    /// <summary>The headers of a request signed by the client signer: Huawei with the body's hash inside, or Alibaba with form fields.</summary>
    public List<KeyValuePair<string, string>> Sign(string scheme, string method, string pathAndQuery, string contentType, byte[] body)
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Host", Host),
            new("Content-Type", contentType),
            new("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        var signable = SignableRequest.FromUri(method, new Uri("https://" + Host + pathAndQuery), headers) with { Body = body };
        var credentials = scheme == SchemeIds.SignatureSdk
            ? SigningCredentials.ForSignatureSdk(AppKey, AppSecret)
            : SigningCredentials.ForSignatureCa(AppKey, AppSecret);
        return [.. headers, .. new RequestSigner(Clock).Sign(signable, credentials, new SigningOptions { SdkBodyInSignature = true })];
    }

    /// <summary>A REST (payload 1.0) proxy event as API Gateway sends it after an Allow.</summary>
    public static JsonObject RestEvent(
        string method,
        string path,
        IEnumerable<KeyValuePair<string, string>> headers,
        byte[] body,
        string? deferred,
        bool base64 = false,
        IReadOnlyDictionary<string, string[]>? query = null)
    {
        var multi = new JsonObject();
        var single = new JsonObject();
        foreach (var (name, value) in headers)
        {
            if (multi[name] is JsonArray values)
            {
                values.Add(value);
            }
            else
            {
                multi[name] = new JsonArray(value);
            }

            single[name] = value;
        }

        var multiQuery = query is null ? null : new JsonObject(query.Select(q => KeyValuePair.Create(q.Key, (JsonNode?)new JsonArray([.. q.Value.Select(v => (JsonNode?)v)]))));
        return new JsonObject
        {
            ["resource"] = "/echo/{proxy+}",
            ["path"] = path,
            ["httpMethod"] = method,
            ["headers"] = single,
            ["multiValueHeaders"] = multi,
            ["multiValueQueryStringParameters"] = multiQuery,
            ["requestContext"] = new JsonObject
            {
                ["apiId"] = ApiId,
                ["stage"] = "Prod",
                ["accountId"] = "123456789012",
                ["httpMethod"] = method,
                ["path"] = path,
                ["authorizer"] = Context(deferred),
            },
            ["body"] = body.Length == 0 ? null : base64 ? Convert.ToBase64String(body) : Encoding.UTF8.GetString(body),
            ["isBase64Encoded"] = base64,
        };
    }

    /// <summary>An HTTP API payload 2.0 proxy event: one comma-joined value per header, the context under <c>lambda</c>.</summary>
    public static JsonObject HttpEvent(string method, string rawPath, string rawQuery, IEnumerable<KeyValuePair<string, string>> headers, byte[] body, string? deferred, bool base64 = false)
    {
        var joined = new JsonObject();
        foreach (var group in headers.GroupBy(h => h.Key.ToLowerInvariant()))
        {
            joined[group.Key] = string.Join(',', group.Select(h => h.Value));
        }

        return new JsonObject
        {
            ["version"] = "2.0",
            ["routeKey"] = "ANY /echo/{proxy+}",
            ["rawPath"] = rawPath,
            ["rawQueryString"] = rawQuery,
            ["headers"] = joined,
            ["requestContext"] = new JsonObject
            {
                ["apiId"] = ApiId,
                ["stage"] = "$default",
                ["accountId"] = "123456789012",
                ["http"] = new JsonObject { ["method"] = method, ["path"] = rawPath, ["sourceIp"] = "192.0.2.1" },
                ["authorizer"] = new JsonObject { ["lambda"] = Context(deferred) },
            },
            ["body"] = body.Length == 0 ? null : base64 ? Convert.ToBase64String(body) : Encoding.UTF8.GetString(body),
            ["isBase64Encoded"] = base64,
        };
    }

    public static byte[] Bytes(JsonObject evt) => Encoding.UTF8.GetBytes(evt.ToJsonString());

    public void Dispose() => _protector.Dispose();

    private static JsonObject Context(string? deferred)
    {
        var context = new JsonObject { ["principalId"] = AppId, ["appId"] = AppId, ["appKey"] = AppKey };
        if (deferred is not null)
        {
            context[DeferredSignature.ContextKey] = deferred;
        }

        return context;
    }
}
