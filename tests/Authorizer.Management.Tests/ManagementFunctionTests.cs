using System.Text;
using System.Text.Json;
using Authorizer.Functions.Management;
using Authorizer.Management.Tests.OpenApi;

namespace Authorizer.Management.Tests;

public sealed class ManagementFunctionTests
{
    [Fact]
    public async Task Proxy_event_with_admin_context_creates_an_app()
    {
        using var h = await ApiHarness.CreateAsync();
        var function = new ManagementFunction(h.Api);
        var body = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"name\":\"via proxy\"}"));

        var response = await InvokeAsync(function, Event("POST", "/v1/apps", h.Admin.AppId, body, base64: true));

        Assert.Equal(201, response.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/json", response.GetProperty("headers").GetProperty("Content-Type").GetString());
        using var created = JsonDocument.Parse(response.GetProperty("body").GetString()!);
        Assert.Equal("via proxy", created.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Proxy_event_without_authorizer_context_is_401()
    {
        using var h = await ApiHarness.CreateAsync();

        var response = await InvokeAsync(new ManagementFunction(h.Api), Event("GET", "/v1/apps", null, null, base64: false));

        Assert.Equal(401, response.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/problem+json", response.GetProperty("headers").GetProperty("Content-Type").GetString());
    }

    [Fact]
    public async Task Not_an_event_is_400()
    {
        using var h = await ApiHarness.CreateAsync();

        var response = await InvokeRawAsync(new ManagementFunction(h.Api), "not json");

        Assert.Equal(400, response.GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task Bad_base64_body_is_400()
    {
        using var h = await ApiHarness.CreateAsync();

        var response = await InvokeAsync(new ManagementFunction(h.Api), Event("POST", "/v1/apps", h.Admin.AppId, "!!!", base64: true));

        Assert.Equal(400, response.GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task Store_failure_is_500_without_details()
    {
        var time = new FakeTimeProvider();
        using var h = await ApiHarness.CreateAsync(new InstrumentedAppStore(time), time: time);
        ((InstrumentedAppStore)h.Store).FailReads = true;

        var response = await InvokeAsync(new ManagementFunction(h.Api), Event("GET", "/v1/apps", h.Admin.AppId, null, base64: false));

        Assert.Equal(500, response.GetProperty("statusCode").GetInt32());
        Assert.DoesNotContain("store unavailable", response.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Local_composition_signs_tokens_with_the_key_file()
    {
        using var h = await ApiHarness.CreateAsync();
        var dir = Directory.CreateTempSubdirectory("mgmt-composition-");
        try
        {
            var settings = new Authorizer.Functions.Settings.AuthorizerSettings { TokenKeyFile = Path.Combine(dir.FullName, "token-key.pem") };
            using var composition = ManagementComposition.Create(settings, h.Store, h.Protector, null, h.Time);
            var app = await h.SendAsync("POST", "/v1/apps", "{\"name\":\"a\"}");
            var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(app.Str("appKey") + ":" + app.Str("appSecret")));
            var headers = new Authorizer.Core.Requests.HeaderMap();
            headers.Add("Authorization", basic);

            var issued = await composition.Api.HandleAsync(new ManagementRequest { Method = "POST", Path = "/v1/tokens", Headers = headers });

            Assert.Equal(201, issued.StatusCode);
            using var signer = Authorizer.Core.Tokens.LocalEcdsaTokenSigner.FromKeyFile(settings.TokenKeyFile);
            using var validator = new Authorizer.Core.Tokens.Es256TokenValidator([signer.VerificationKey], h.Time);
            Assert.True(validator.Validate(issued.Headers["X-Subject-Token"]).IsValid);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    internal static string Event(string method, string path, string? caller, string? body, bool base64)
    {
        var authorizer = caller is null ? "null" : JsonSerializer.Serialize(new Dictionary<string, string> { ["appId"] = caller, ["principalId"] = caller });
        return $$"""
        {"resource":"/v1/{proxy+}","path":"{{path}}","httpMethod":"{{method}}",
         "headers":{"Content-Type":"application/json"},
         "multiValueHeaders":{"Content-Type":["application/json"]},
         "queryStringParameters":null,"multiValueQueryStringParameters":null,
         "requestContext":{"path":"/Prod{{path}}","stage":"Prod","apiId":"mgmt01","httpMethod":"{{method}}","authorizer":{{authorizer}}},
         "body":{{(body is null ? "null" : JsonSerializer.Serialize(body))}},"isBase64Encoded":{{(base64 ? "true" : "false")}}}
        """;
    }

    /// <summary>Invokes with a proxy event and holds the proxy response to the OpenAPI document.</summary>
    internal static async Task<JsonElement> InvokeAsync(ManagementFunction function, string json)
    {
        var response = await InvokeRawAsync(function, json);
        using var evt = JsonDocument.Parse(json);
        var headers = response.GetProperty("headers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.OrdinalIgnoreCase);
        ManagementContract.Check(
            evt.RootElement.GetProperty("httpMethod").GetString()!,
            evt.RootElement.GetProperty("path").GetString()!,
            new ManagementResponse(response.GetProperty("statusCode").GetInt32(), headers, response.GetProperty("body").GetString() ?? string.Empty));
        return response;
    }

    private static async Task<JsonElement> InvokeRawAsync(ManagementFunction function, string json)
    {
        await using var output = await function.Handler(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        using var document = await JsonDocument.ParseAsync(output);
        return document.RootElement.Clone();
    }
}
