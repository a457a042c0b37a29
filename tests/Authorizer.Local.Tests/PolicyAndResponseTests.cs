using System.Text.Json.Nodes;
using Authorizer.Core.Decisions;
using Authorizer.Local.Gateway;
using Authorizer.Local.Template;

namespace Authorizer.Local.Tests;

public sealed class PolicyAndResponseTests
{
    private const string Arn = "arn:aws:execute-api:us-east-1:123456789012:localrest1/Prod/GET/echo/a";

    private static JsonNode Policy(string effect, params string[] resources) => JsonNode.Parse($$"""
        {"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"{{effect}}","Resource":[{{string.Join(",", resources.Select(r => $"\"{r}\""))}}]}]}
        """)!;

    [Theory]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:localrest1/Prod/GET/echo/a", true)]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:localrest1/*/*/echo/*", true)]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:localrest1/Prod/POST/echo/*", false)]
    [InlineData("arn:aws:execute-api:us-east-1:123456789012:other/Prod/GET/echo/a", false)]
    public void Allow_statements_match_with_wildcards(string resource, bool allowed)
    {
        var expected = allowed ? PolicyVerdict.Allow : PolicyVerdict.NotAllowed;
        Assert.Equal(expected, PolicyEvaluator.Evaluate(Policy("Allow", resource), Arn, ResourceArnMatcher.Matches));
    }

    [Fact]
    public void An_explicit_deny_wins_over_an_allow()
    {
        var policy = JsonNode.Parse($$"""
            {"Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"*"},{"Action":["execute-api:Invoke"],"Effect":"Deny","Resource":"{{Arn}}"}]}
            """);

        Assert.Equal(PolicyVerdict.ExplicitDeny, PolicyEvaluator.Evaluate(policy, Arn, ResourceArnMatcher.Matches));
    }

    [Fact]
    public void Statements_for_other_actions_do_not_allow()
    {
        var policy = JsonNode.Parse("""{"Statement":[{"Action":"s3:GetObject","Effect":"Allow","Resource":"*"}]}""");

        Assert.Equal(PolicyVerdict.NotAllowed, PolicyEvaluator.Evaluate(policy, Arn, ResourceArnMatcher.Matches));
    }

    [Fact]
    public void Access_denied_renders_the_template_headers_and_body_from_the_authorizer_context()
    {
        var template = TemplateReader.Read(RepositoryPaths.Template);
        var api = ApiContext.Assign(template.Apis).Single(a => a.Definition.Kind == ApiKind.Rest);
        var context = new JsonObject { ["errorCode"] = "invalid_signature", ["errorMessage"] = "Invalid Signature, Server StringToSign:`GET#\"x\"`" };

        var rendered = GatewayResponder.Render(GatewayResponder.AccessDenied(context, explicitDeny: true), api, "req-1");

        Assert.Equal(403, rendered.StatusCode);
        Assert.Equal("invalid_signature", rendered.Headers["X-Ca-Error-Code"]);
        Assert.Equal("Invalid Signature, Server StringToSign:`GET#\"x\"`", rendered.Headers["X-Ca-Error-Message"]);
        var body = JsonNode.Parse(rendered.Body)!;
        Assert.Equal("invalid_signature", (string?)body["errorCode"]);
        // Gateway responses cannot escape a value for JSON, so the message (quotes and all) is only in the header.
        Assert.Null(body["errorMessage"]);
        Assert.Equal("User is not authorized to access this resource with an explicit deny", (string?)body["message"]);
    }

    [Fact]
    public void Header_values_outside_printable_ascii_are_replaced()
    {
        var template = TemplateReader.Read(RepositoryPaths.Template);
        var api = ApiContext.Assign(template.Apis).Single(a => a.Definition.Kind == ApiKind.Rest);
        var context = new JsonObject { ["errorCode"] = "x", ["errorMessage"] = "a\nb北" };

        var rendered = GatewayResponder.Render(GatewayResponder.AccessDenied(context, explicitDeny: false), api, "req-1");

        Assert.Equal("a?b?", rendered.Headers["X-Ca-Error-Message"]);
    }
}
