using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Authorizer.Client;
using Authorizer.Core.Decisions;
using Authorizer.Core.Signing;
using Authorizer.Core.Tests.Support;
using Authorizer.Core.Tokens;
using static Authorizer.Core.Tests.Support.TestWorld;

namespace Authorizer.Core.Tests;

/// <summary>Requests sent through <see cref="SigningHandler"/> reach the authorizer signed and verifiable.</summary>
public sealed class SigningHandlerTests
{
    private const string Body = "{\"id\":1,\"note\":\"x\"}";

    [Theory]
    [MemberData(nameof(SignThenVerifyTests.AllSchemes), MemberType = typeof(SignThenVerifyTests))]
    public async Task Every_scheme_sent_through_the_handler_is_allowed(string scheme, bool alternate)
    {
        var tokens = new FakeTokenValidator().With("tok", TokenValidationResult.Success(AppId, "j", VectorTime.AddHours(1)));
        var world = await CreateAsync(tokens);
        var (captured, _) = await SendAsync(world, SignThenVerifyTests.Credentials(scheme), new SigningOptions { UseAlternateHeader = alternate }, withBody: true);

        var decision = await world.AuthorizeAsync(captured);

        Assert.Equal(DecisionOutcome.Allow, decision.Outcome);
    }

    [Fact]
    public async Task Ca_body_gets_a_content_md5_that_is_signed()
    {
        var world = await CreateAsync();
        var (captured, _) = await SendAsync(world, SigningCredentials.ForSignatureCa(AppKey, AppSecret), null, withBody: true);

#pragma warning disable CA5351 // Content-MD5 is what the protocol sends.
        Assert.Equal(Convert.ToBase64String(MD5.HashData(Encoding.UTF8.GetBytes(Body))), captured.Headers.GetFirst("Content-MD5"));
#pragma warning restore CA5351

        var headers = OutcomeTests.HeadersOf(captured).Select(h => h.Key == "Content-MD5" ? H(h.Key, "1B2M2Y8AsgTpgAmY7PhCfg==") : h).ToList();
        var tampered = Request("POST", "http://api.example.com/echo/orders?b=2&a=1", headers);
        Assert.Equal(ErrorCodes.InvalidSignature, (await world.AuthorizeAsync(tampered)).ErrorCode);
    }

    [Fact]
    public async Task Sdk_body_gets_its_sha256_header()
    {
        var world = await CreateAsync();
        var (captured, _) = await SendAsync(world, SigningCredentials.ForSignatureSdk(AppKey, AppSecret), null, withBody: true);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Body))), captured.Headers.GetFirst(SdkCanonicalizer.ContentSha256Header));
        Assert.Contains("x-sdk-content-sha256", captured.Headers.GetFirst("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sdk_without_payload_hashing_sends_unsigned_payload()
    {
        var world = await CreateAsync();
        var (captured, _) = await SendAsync(world, SigningCredentials.ForSignatureSdk(AppKey, AppSecret), null, withBody: true, hashPayload: false);

        Assert.Equal(SdkCanonicalizer.UnsignedPayload, captured.Headers.GetFirst(SdkCanonicalizer.ContentSha256Header));
        Assert.Equal(DecisionOutcome.Allow, (await world.AuthorizeAsync(captured)).Outcome);
    }

    [Fact]
    public async Task Body_is_still_sent_after_signing()
    {
        var world = await CreateAsync();
        var (_, body) = await SendAsync(world, SigningCredentials.ForSignatureSdk(AppKey, AppSecret), null, withBody: true);

        Assert.Equal(Body, body);
    }

    private static async Task<(Requests.AuthRequest Request, string? Body)> SendAsync(
        TestWorld world,
        SigningCredentials credentials,
        SigningOptions? signing,
        bool withBody,
        bool hashPayload = true)
    {
        var capture = new CapturingHandler();
        var options = new SigningHandlerOptions { Credentials = credentials, Signing = signing ?? SigningOptions.Default, HashSdkPayload = hashPayload };
        using var handler = new SigningHandler(options, capture, world.Clock);
        using var client = new HttpClient(handler);
        using var message = new HttpRequestMessage(HttpMethod.Post, "http://api.example.com/echo/orders?b=2&a=1");
        message.Headers.Accept.ParseAdd("application/json");
        if (withBody)
        {
            message.Content = new StringContent(Body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(message);
        return (capture.Request!, capture.Body);
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public Requests.AuthRequest? Request { get; private set; }

        public string? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = new List<KeyValuePair<string, string>> { H("Host", request.RequestUri!.Authority) };
            headers.AddRange(request.Headers.NonValidated.Select(h => H(h.Key, string.Join(", ", h.Value))));
            if (request.Content is not null)
            {
                Body = await request.Content.ReadAsStringAsync(cancellationToken);
                headers.AddRange(request.Content.Headers.NonValidated.Select(h => H(h.Key, string.Join(", ", h.Value))));
                if (!headers.Exists(h => h.Key == "Content-Length"))
                {
                    headers.Add(H("Content-Length", request.Content.Headers.ContentLength!.Value.ToString(CultureInfo.InvariantCulture)));
                }
            }

            Request = TestWorld.Request(request.Method.Method, request.RequestUri.AbsoluteUri, headers);
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK);
        }
    }
}
