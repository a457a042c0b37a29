using System.Net;
using System.Text.RegularExpressions;

namespace Authorizer.Local.Tests.Console;

/// <summary>How <c>start-api</c> (through the management function) serves the console's files.</summary>
[Collection(SharedGateway.Name)]
public sealed partial class ConsoleServingTests(GatewayFixture gateway)
{
    [Theory]
    [InlineData("console/", "text/html")]
    [InlineData("console/console.js", "text/javascript")]
    [InlineData("console/console.css", "text/css")]
    public async Task Each_file_is_served_without_credentials_under_a_strict_content_security_policy(string path, string mediaType)
    {
        using var client = GatewayClient.Plain(gateway.RestBase);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var policy = GatewayClient.Header(response, "Content-Security-Policy");
        Assert.NotNull(policy);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", GatewayClient.Header(response, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task The_page_has_no_inline_script_style_or_event_handler()
    {
        using var client = GatewayClient.Plain(gateway.RestBase);

        var html = await client.GetStringAsync("console/");

        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(InlineStyle(), html);
        Assert.DoesNotMatch(EventHandlerAttribute(), html);
    }

    [Fact]
    public async Task The_bare_path_redirects_to_the_folder_so_relative_links_keep_a_deployed_stage()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = gateway.RestBase };

        using var response = await client.GetAsync("console");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("console/", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("console/missing.js")]
    [InlineData("console/..%2Fv1%2Fapps")]
    [InlineData("console/console.js/x")]
    public async Task Anything_else_under_the_console_is_not_found(string path)
    {
        using var client = GatewayClient.Plain(gateway.RestBase);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [GeneratedRegex(@"<script(?![^>]*\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<style|\sstyle=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyle();

    [GeneratedRegex(@"\son[a-z]+=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandlerAttribute();
}
