using Xunit.Sdk;

namespace Authorizer.Management.Tests.OpenApi;

/// <summary>The contract check that every management test runs refuses responses that break the document.</summary>
public sealed class OpenApiContractTests
{
    private const string App = """
        {"appId":"a1","name":"shop","appKey":"203948571625","status":"enabled","roles":[],"version":1,
         "createdAt":"2026-11-23T08:00:00+00:00","updatedAt":"2026-11-23T08:00:00+00:00"}
        """;

    [Fact]
    public void A_response_as_documented_passes()
    {
        ManagementContract.Check("GET", "/v1/apps/a1", Response(200, App, ("ETag", "\"1\"")));
    }

    [Fact]
    public void An_undocumented_field_fails()
    {
        var body = App.Replace("\"roles\":[]", "\"roles\":[],\"appSecret\":\"leak\"", StringComparison.Ordinal);

        Assert.ThrowsAny<XunitException>(() => ManagementContract.Check("GET", "/v1/apps/a1", Response(200, body, ("ETag", "\"1\""))));
    }

    [Fact]
    public void A_missing_required_field_fails()
    {
        var body = App.Replace("\"appKey\":\"203948571625\",", string.Empty, StringComparison.Ordinal);

        Assert.ThrowsAny<XunitException>(() => ManagementContract.Check("GET", "/v1/apps/a1", Response(200, body, ("ETag", "\"1\""))));
    }

    [Fact]
    public void A_malformed_date_fails()
    {
        var body = App.Replace("2026-11-23T08:00:00+00:00\",\"updatedAt", "yesterday\",\"updatedAt", StringComparison.Ordinal);

        Assert.ThrowsAny<XunitException>(() => ManagementContract.Check("GET", "/v1/apps/a1", Response(200, body, ("ETag", "\"1\""))));
    }

    [Fact]
    public void An_undocumented_status_fails()
    {
        Assert.ThrowsAny<XunitException>(() => ManagementContract.Check("GET", "/v1/apps/a1", Response(202, App, ("ETag", "\"1\""))));
    }

    [Fact]
    public void A_missing_required_header_fails()
    {
        Assert.ThrowsAny<XunitException>(() => ManagementContract.Check("GET", "/v1/apps/a1", Response(200, App)));
    }

    [Fact]
    public void An_undocumented_header_fails()
    {
        Assert.ThrowsAny<XunitException>(() => ManagementContract.Check("GET", "/v1/apps/a1", Response(200, App, ("ETag", "\"1\""), ("X-Debug", "1"))));
    }

    [Fact]
    public void A_problem_code_the_response_does_not_list_fails()
    {
        const string problem = """{"type":"urn:authorizer:problem:forbidden","title":"Forbidden.","status":404,"code":"forbidden"}""";

        Assert.ThrowsAny<XunitException>(() => ManagementContract.Check("GET", "/v1/apps/a1", Problem(404, problem)));
    }

    [Fact]
    public void A_body_on_a_response_without_content_fails()
    {
        Assert.ThrowsAny<XunitException>(() => ManagementContract.Check("DELETE", "/v1/apps/a1", Response(204, "{}")));
    }

    [Fact]
    public void A_method_not_allowed_must_list_the_documented_methods()
    {
        const string problem = """{"type":"urn:authorizer:problem:method_not_allowed","title":"Method not allowed.","status":405,"code":"method_not_allowed"}""";

        ManagementContract.Check("PUT", "/v1/apps", Problem(405, problem, ("Allow", "GET, POST")));
        Assert.ThrowsAny<XunitException>(() => ManagementContract.Check("PUT", "/v1/apps", Problem(405, problem, ("Allow", "GET"))));
    }

    [Fact]
    public void A_success_on_an_undocumented_path_fails()
    {
        Assert.ThrowsAny<XunitException>(() => ManagementContract.Check("GET", "/v1/secrets", Response(200, "{}")));
    }

    private static ManagementResponse Response(int status, string body, params (string Name, string Value)[] headers) =>
        new(status, Headers(("Content-Type", "application/json"), headers), body);

    private static ManagementResponse Problem(int status, string body, params (string Name, string Value)[] headers) =>
        new(status, Headers(("Content-Type", "application/problem+json"), headers), body);

    private static Dictionary<string, string> Headers((string Name, string Value) contentType, (string Name, string Value)[] headers)
    {
        var all = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [contentType.Name] = contentType.Value,
            ["Cache-Control"] = "no-store",
        };
        foreach (var (name, value) in headers)
        {
            all[name] = value;
        }

        return all;
    }
}
