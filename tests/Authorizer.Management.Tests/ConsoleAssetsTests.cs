namespace Authorizer.Management.Tests;

/// <summary>The console's files as the management API serves them (the deployed <c>/console</c> routes) and the API's JSON framing.</summary>
public sealed class ConsoleAssetsTests
{
    [Theory]
    [InlineData("/console/", "text/html; charset=utf-8")]
    [InlineData("/console/console.js", "text/javascript; charset=utf-8")]
    [InlineData("/console/console.css", "text/css; charset=utf-8")]
    public async Task Console_files_need_no_caller_and_carry_the_content_security_policy(string path, string contentType)
    {
        using var h = await ApiHarness.CreateAsync();

        var response = await GetAsync(h, path);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(contentType, response.Headers["Content-Type"]);
        Assert.Equal(ConsoleAssets.ContentSecurityPolicy, response.Headers["Content-Security-Policy"]);
        Assert.NotEmpty(response.Body);
    }

    [Fact]
    public async Task The_console_calls_only_the_public_api_paths()
    {
        using var h = await ApiHarness.CreateAsync();

        var script = (await GetAsync(h, "/console/console.js")).Body;

        Assert.Contains("+ '/v1'", script, StringComparison.Ordinal);
        Assert.DoesNotContain("localStorage", script, StringComparison.Ordinal);
        Assert.DoesNotContain("sessionStorage", script, StringComparison.Ordinal);
        Assert.DoesNotContain("document.cookie", script, StringComparison.Ordinal);
        Assert.DoesNotContain("innerHTML", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writing_to_the_console_is_405()
    {
        using var h = await ApiHarness.CreateAsync();

        (await h.SendAsync("POST", "/console/", "{}", caller: null)).AssertProblem(405, "method_not_allowed");
    }

    [Fact]
    public async Task Json_and_problem_bodies_end_with_a_newline()
    {
        using var h = await ApiHarness.CreateAsync();

        var list = await h.SendAsync("GET", "/v1/apps");
        var problem = await h.SendAsync("GET", "/v1/apps", caller: null);

        Assert.EndsWith("}\n", list.Response.Body, StringComparison.Ordinal);
        Assert.EndsWith("}\n", problem.Response.Body, StringComparison.Ordinal);
    }

    private static Task<ManagementResponse> GetAsync(ApiHarness h, string path) =>
        h.Api.HandleAsync(new ManagementRequest { Method = "GET", Path = path });
}
