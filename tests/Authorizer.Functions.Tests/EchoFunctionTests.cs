using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Authorizer.Functions.Tests;

public sealed class EchoFunctionTests : IDisposable
{
    private readonly Authorizer.Core.Secrets.AesGcmSecretProtector _protector = new(RandomNumberGenerator.GetBytes(32));

    public void Dispose() => _protector.Dispose();

    private EchoFunction Echo() =>
        new(new Authorizer.Backend.BackendVerifier(new Authorizer.Core.Store.AppDirectory(new InMemoryAppStore(TimeProvider.System), _protector)));

    [Fact]
    public async Task Echoes_method_path_query_and_authorizer_context()
    {
        var evt = TestEvents.ProxyRequest();
        evt["multiValueQueryStringParameters"] = new JsonObject { ["name"] = new JsonArray("me", "you") };
        evt["requestContext"]!["authorizer"] = new JsonObject { ["appId"] = "app-1", ["principalId"] = "app-1", ["integrationLatency"] = 12 };

        var response = TestEvents.Read(await Echo().Handler(TestEvents.ToStream(evt)));

        Assert.Equal(200, (int)response["statusCode"]!);
        var body = JsonNode.Parse((string)response["body"]!)!;
        Assert.Equal("POST", (string?)body["method"]);
        Assert.Equal("/hello/world", (string?)body["path"]);
        Assert.Equal(["me", "you"], body["query"]!["name"]!.AsArray().Select(v => (string?)v));
        Assert.Equal("app-1", (string?)body["authorizer"]!["appId"]);
        Assert.Equal(12, (int)body["authorizer"]!["integrationLatency"]!);
    }

    [Fact]
    public async Task Body_not_matching_content_md5_is_a_400()
    {
        var evt = TestEvents.ProxyRequest();
#pragma warning disable CA5351 // The header is defined as MD5.
        evt["headers"]!["Content-MD5"] = Convert.ToBase64String(MD5.HashData(Encoding.UTF8.GetBytes("something else")));
#pragma warning restore CA5351

        var response = TestEvents.Read(await Echo().Handler(TestEvents.ToStream(evt)));

        Assert.Equal(400, (int)response["statusCode"]!);
        Assert.Equal("body_integrity", (string?)JsonNode.Parse((string)response["body"]!)!["errorCode"]);
        Assert.Equal("body_integrity", (string?)response["headers"]!["X-Ca-Error-Code"]);
    }

    [Fact]
    public async Task A_deferred_signature_that_does_not_verify_is_a_403_and_never_echoed()
    {
        var evt = TestEvents.ProxyRequest();
        evt["requestContext"]!["authorizer"] = new JsonObject { ["appId"] = "app-1", ["deferred"] = "signature-sdk" };
        evt["headers"]!["Authorization"] = "SDK-HMAC-SHA256 Access=nobody, SignedHeaders=host;x-sdk-date, Signature=" + new string('0', 64);

        var response = TestEvents.Read(await Echo().Handler(TestEvents.ToStream(evt)));

        Assert.Equal(403, (int)response["statusCode"]!);
        Assert.NotNull((string?)response["headers"]!["X-Ca-Error-Code"]);
        Assert.DoesNotContain("\"method\"", (string)response["body"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_matching_sha256_is_echoed()
    {
        var evt = TestEvents.ProxyRequest();
        evt["headers"]!["X-Sdk-Content-Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes((string)evt["body"]!)));

        var response = TestEvents.Read(await Echo().Handler(TestEvents.ToStream(evt)));

        Assert.Equal(200, (int)response["statusCode"]!);
    }

    [Fact]
    public async Task Malformed_event_is_a_400_not_a_crash()
    {
        var response = TestEvents.Read(await Echo().Handler(TestEvents.ToStream("{\"path\":")));

        Assert.Equal(400, (int)response["statusCode"]!);
    }
}
