using System.Net;
using System.Text;
using System.Text.Json;
using Authorizer.Client;
using Authorizer.Core.Signing;
using Authorizer.TestSupport.Processes;

namespace Authorizer.Local.Tests;

/// <summary>
/// Requests with bodies signed by the official npm SDKs, sent to start-api: a Huawei JSON POST (body hash inside
/// the signature, no X-Sdk-Content-Sha256) and an Alibaba form POST (fields in the string to sign). The HTTP API
/// has <c>bodySignatures: backend</c>: the authorizer defers and the sample function completes the check with
/// Authorizer.Backend. The REST API keeps the default <c>refuse</c>: the authorizer denies them.
/// </summary>
[Collection(SharedGateway.Name)]
public sealed class SignedBodyInteropTests(GatewayFixture gateway)
{
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(3);

    private async Task<Dictionary<string, (int Status, string? ErrorCode, string Body)>> SendAsync()
    {
        var scripts = Path.Combine(AppContext.BaseDirectory, "node");
        var installed = await NpmPackageCache.EnsureInstalledAsync("interop", Path.Combine(scripts, "package.json"), Path.Combine(scripts, "package-lock.json"));
        var bases = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["backend"] = gateway.HttpBase.ToString(),
            ["refuse"] = gateway.RestBase.ToString(),
        });
        var result = await ProcessRunner.RunAsync(
            "node",
            [Path.Combine(scripts, "send-signed-bodies.js")],
            scripts,
            new Dictionary<string, string>
            {
                ["NODE_PATH"] = Path.Combine(installed, "node_modules"),
                ["APP_KEY"] = GatewayFixture.DemoKey,
                ["APP_SECRET"] = GatewayFixture.DemoSecret,
                ["BASE_URLS"] = bases,
            },
            NodeTimeout);
        ProcessRunner.EnsureSucceeded(result, "node send-signed-bodies.js");
        var line = result.StandardOutput.Split('\n').LastOrDefault(l => l.StartsWith("RESULTS ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("send-signed-bodies.js printed no results:\n" + result.StandardOutput + "\n" + result.StandardError);
        using var document = JsonDocument.Parse(line["RESULTS ".Length..]);
        return document.RootElement.EnumerateArray().ToDictionary(
            e => e.GetProperty("name").GetString()!,
            e => (e.GetProperty("status").GetInt32(), e.GetProperty("errorCode").GetString(), e.GetProperty("body").GetString() ?? string.Empty));
    }

    [Fact]
    public async Task Official_sdk_body_signatures_are_completed_by_the_backend_and_refused_where_the_api_refuses_them()
    {
        var answers = await SendAsync();

        // Deferred by the authorizer, verified by the sample function over the real body.
        Assert.Equal(200, answers["backend:hw-json"].Status);
        Assert.Contains("signature-sdk", answers["backend:hw-json"].Body, StringComparison.Ordinal);
        Assert.Equal(200, answers["backend:ali-form"].Status);
        Assert.Contains("signature-ca", answers["backend:ali-form"].Body, StringComparison.Ordinal);

        // One body byte or one form field changed after signing: refused by the backend library.
        Assert.Equal((403, "invalid_signature"), (answers["backend:hw-json-tampered"].Status, answers["backend:hw-json-tampered"].ErrorCode));
        Assert.Equal((403, "invalid_signature"), (answers["backend:ali-form-tampered"].Status, answers["backend:ali-form-tampered"].ErrorCode));

        // The API left at "refuse": the authorizer denies every one of them, tampered or not.
        foreach (var name in new[] { "refuse:hw-json", "refuse:hw-json-tampered", "refuse:ali-form", "refuse:ali-form-tampered" })
        {
            Assert.Equal((403, "invalid_signature"), (answers[name].Status, answers[name].ErrorCode));
            Assert.DoesNotContain("\"authorizer\"", answers[name].Body, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, bool, string, string> OwnClientCases => new()
    {
        { "signature-sdk", true, "application/json", "{\"id\":1}" },
        { "signature-sdk", false, "application/json", "{\"id\":1}" },
        { "signature-ca", false, "application/x-www-form-urlencoded", "item=book&qty=2" },
    };

    /// <summary>
    /// The project's own client signs either form: the body's hash inside the signature (deferred, completed by the
    /// backend) or X-Sdk-Content-Sha256 (verified by the authorizer); Alibaba form fields in the string to sign.
    /// </summary>
    [Theory]
    [MemberData(nameof(OwnClientCases))]
    public async Task The_project_client_signs_bodies_that_the_backend_api_accepts(string scheme, bool bodyInSignature, string contentType, string body)
    {
        var options = new SigningHandlerOptions
        {
            Credentials = new SigningCredentials { Scheme = scheme, AppKey = GatewayFixture.DemoKey, AppSecret = GatewayFixture.DemoSecret },
            SdkBodyInSignature = bodyInSignature,
        };
        using var client = new HttpClient(new SigningHandler(options, new HttpClientHandler()));

        async Task<HttpStatusCode> PostAsync(Uri baseUri)
        {
            using var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            using var response = await client.PostAsync(new Uri(baseUri, "echo/own-client"), content);
            return response.StatusCode;
        }

        var backend = await PostAsync(gateway.HttpBase);
        var refuse = await PostAsync(gateway.RestBase);

        Assert.Equal(HttpStatusCode.OK, backend);
        // Only the signature the authorizer can verify alone (X-Sdk-Content-Sha256) passes where bodies are refused.
        Assert.Equal(scheme == "signature-sdk" && !bodyInSignature ? HttpStatusCode.OK : HttpStatusCode.Forbidden, refuse);
    }
}
