using System.Net;
using Authorizer.Local.Gateway;
using Authorizer.Local.Template;

namespace Authorizer.Local.Tests;

/// <summary>The CORS setting (CorsAllowOrigin) as the local gateway reads and applies it, on both API kinds.</summary>
public sealed class CorsTests
{
    private const string Origin = "https://app.example.com";

    private static readonly SamTemplate CorsOn = TemplateReader.Read(
        RepositoryPaths.Template,
        new Dictionary<string, string> { ["CorsAllowOrigin"] = Origin });

    private static readonly SamTemplate CorsOff = TemplateReader.Read(RepositoryPaths.Template);

    [Fact]
    public void With_an_origin_both_apis_carry_the_cors_setting()
    {
        var rest = Api(CorsOn, ApiKind.Rest).Cors!;
        var http = Api(CorsOn, ApiKind.Http).Cors!;

        Assert.Equal([Origin], rest.AllowOrigins);
        Assert.Equal([Origin], http.AllowOrigins);
        Assert.Contains("X-Ca-Signature", rest.AllowHeaders);
        Assert.Contains("X-Ca-Signature", http.AllowHeaders);
        Assert.Equal("600", rest.MaxAge);
    }

    [Fact]
    public void Without_an_origin_the_http_api_has_no_cors_and_the_rest_preflight_names_no_origin()
    {
        Assert.Null(Api(CorsOff, ApiKind.Http).Cors);
        Assert.Empty(Api(CorsOff, ApiKind.Rest).Cors!.AllowOrigins);
    }

    [Fact]
    public void A_rest_preflight_is_answered_by_the_gateway_with_the_configured_headers()
    {
        var api = Api(CorsOn, ApiKind.Rest);
        var request = Preflight("/echo/hello");

        var response = new CorsEmulation(api).Preflight(request, new RouteTable(api.Routes).Match("OPTIONS", "/echo/hello"));

        Assert.NotNull(response);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(Origin, response.Headers["Access-Control-Allow-Origin"]);
        Assert.Contains("Authorization", response.Headers["Access-Control-Allow-Headers"], StringComparison.Ordinal);
        Assert.Contains("POST", response.Headers["Access-Control-Allow-Methods"], StringComparison.Ordinal);
    }

    [Fact]
    public void Rest_error_responses_carry_the_origin_when_cors_is_on_and_not_when_off()
    {
        Assert.Equal($"'{Origin}'", Api(CorsOn, ApiKind.Rest).GatewayResponses["UNAUTHORIZED"].Headers["Access-Control-Allow-Origin"]);
        Assert.False(Api(CorsOff, ApiKind.Rest).GatewayResponses["UNAUTHORIZED"].Headers.ContainsKey("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("/echo/hello")]
    [InlineData("/echo/cached/public/x")]
    public void Http_preflights_reach_a_route_without_an_authorizer(string path)
    {
        var api = Api(CorsOn, ApiKind.Http);

        var match = new RouteTable(api.Routes).Match("OPTIONS", path);

        Assert.NotNull(match);
        Assert.Equal("OPTIONS", match.Route.Method);
        Assert.Null(match.Route.AuthorizerName);
    }

    [Fact]
    public void Http_responses_get_the_allowed_origin_and_lose_the_backends_cors_headers()
    {
        var cors = new CorsEmulation(Api(CorsOn, ApiKind.Http));
        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase) { ["Access-Control-Allow-Origin"] = ["https://evil.example"] };

        cors.Apply(Preflight("/echo/hello"), headers);

        Assert.Equal([Origin], headers["Access-Control-Allow-Origin"]);
        Assert.Equal(["X-Subject-Token"], headers["Access-Control-Expose-Headers"]);
    }

    [Fact]
    public void Http_responses_for_another_origin_get_no_cors_headers()
    {
        var cors = new CorsEmulation(Api(CorsOn, ApiKind.Http));
        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);

        cors.Apply(Preflight("/echo/hello", origin: "https://other.example"), headers);

        Assert.Empty(headers);
    }

    [Fact]
    public void An_http_preflight_no_route_matches_is_answered_by_the_gateway()
    {
        var cors = new CorsEmulation(Api(CorsOn, ApiKind.Http));

        var response = cors.Preflight(Preflight("/nowhere"), match: null);

        Assert.NotNull(response);
        Assert.Equal(204, response.StatusCode);
        Assert.Equal(Origin, response.Headers["Access-Control-Allow-Origin"]);
    }

    private static ApiDefinition Api(SamTemplate template, ApiKind kind) => template.Apis.Single(a => a.Kind == kind);

    private static GatewayRequest Preflight(string path, string origin = Origin) => new(
        "OPTIONS",
        path,
        string.Empty,
        [new("Origin", origin), new("Access-Control-Request-Method", "POST"), new("Access-Control-Request-Headers", "authorization")],
        [],
        "127.0.0.1",
        "req-1",
        DateTimeOffset.UnixEpoch);
}

/// <summary>Preflights through the running local gateway (template defaults: CORS off).</summary>
[Collection(SharedGateway.Name)]
public sealed class CorsGatewayTests(GatewayFixture gateway)
{
    [Fact]
    public async Task A_rest_preflight_never_invokes_the_authorizer()
    {
        using var client = GatewayClient.Plain(gateway.RestBase);
        using var request = new HttpRequestMessage(HttpMethod.Options, "echo/hello");
        request.Headers.Add("Origin", "https://app.example.com");
        request.Headers.Add("Access-Control-Request-Method", "GET");
        var before = gateway.AuthorizerInvocations;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, gateway.AuthorizerInvocations);
        // CORS is off by default: the mock answers, but allows no origin.
        Assert.Null(GatewayClient.Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task An_http_preflight_never_invokes_the_authorizer()
    {
        using var client = GatewayClient.Plain(gateway.HttpBase);
        using var request = new HttpRequestMessage(HttpMethod.Options, "echo/cached/public/x");
        request.Headers.Add("Origin", "https://app.example.com");
        request.Headers.Add("Access-Control-Request-Method", "GET");
        var before = gateway.AuthorizerInvocations;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, gateway.AuthorizerInvocations);
    }
}

/// <summary>A gateway served from the template with CORS on: what a browser's preflight gets over HTTP.</summary>
public sealed class CorsServerTests : IAsyncLifetime
{
    private const string Origin = "https://app.example.com";
    private LocalGateway? _gateway;

    private LocalGateway Gateway => _gateway ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        var template = TemplateReader.Read(RepositoryPaths.Template, new Dictionary<string, string> { ["CorsAllowOrigin"] = Origin });
        _gateway = await LocalGateway.StartAsync(template, 0, TimeProvider.System, TextWriter.Null, (_, _) => true, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_rest_mock_answers_a_preflight_with_the_configured_headers()
    {
        using var response = await PreflightAsync(Gateway.Server(ApiKind.Rest).BaseUri, "echo/hello");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Origin, GatewayClient.Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("X-Ca-Signature", GatewayClient.Header(response, "Access-Control-Allow-Headers"), StringComparison.Ordinal);
        Assert.Equal(0, Gateway.Functions.InvocationCount("AuthorizerFunction"));
    }

    [Fact]
    public async Task The_http_gateway_answers_a_preflight_no_route_takes_with_every_cors_header()
    {
        using var response = await PreflightAsync(Gateway.Server(ApiKind.Http).BaseUri, "v1/tokens");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Origin, GatewayClient.Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("POST", GatewayClient.Header(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        Assert.Contains("Authorization", GatewayClient.Header(response, "Access-Control-Allow-Headers"), StringComparison.Ordinal);
        Assert.Equal("600", GatewayClient.Header(response, "Access-Control-Max-Age"));
    }

    [Fact]
    public async Task An_http_gateway_error_carries_the_allowed_origin()
    {
        using var client = GatewayClient.Plain(Gateway.Server(ApiKind.Http).BaseUri);
        using var request = new HttpRequestMessage(HttpMethod.Get, "nowhere");
        request.Headers.Add("Origin", Origin);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(Origin, GatewayClient.Header(response, "Access-Control-Allow-Origin"));
    }

    private static async Task<HttpResponseMessage> PreflightAsync(Uri baseUri, string path)
    {
        using var client = GatewayClient.Plain(baseUri);
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", Origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        return await client.SendAsync(request);
    }
}
