using System.Text;
using Authorizer.Core.Decisions;
using Authorizer.Security.Tests.Infrastructure;

namespace Authorizer.Security.Tests.Handler;

/// <summary>
/// Limits through the Lambda handler. Request limits answer Deny bad_request. Payload limits (size, nesting,
/// duplicate keys) also answer Deny bad_request on the ARN recovered from the raw event; only when no single
/// usable ARN can be recovered (over-long, duplicated) does the invocation fail with the documented
/// InvalidEventException, whose message never quotes the payload — never another exception, never Allow.
/// </summary>
public sealed class HandlerLimitTests
{
    private static EventBuilder AppCodeEvent() =>
        new EventBuilder { Path = "/echo/a" }.Header("Host", "api.example.com").Header("Authorization", "APPCODE " + EngineWorld.AppCode);

    [Fact]
    public async Task A_plain_appcode_event_is_allowed()
    {
        Assert.Equal(HandlerOutcome.Allow, (await new TestWorld().InvokeAsync(AppCodeEvent())).Outcome);
    }

    [Theory]
    [InlineData("rest")]
    [InlineData("http")]
    public async Task Header_value_over_8_KiB_is_denied_bad_request(string kind)
    {
        var builder = AppCodeEvent().Header("X-Big", new string('v', 8 * 1024 + 1));
        builder.Kind = kind;
        var result = await new TestWorld().InvokeAsync(builder);
        Assert.Equal(HandlerOutcome.Deny, result.Outcome);
        Assert.Equal(ErrorCodes.BadRequest, result.ErrorCode);
    }

    [Theory]
    [InlineData("rest")]
    [InlineData("http")]
    public async Task More_than_200_query_parameters_are_denied_bad_request(string kind)
    {
        var builder = AppCodeEvent();
        builder.Kind = kind;
        builder.RawQuery = string.Join('&', Enumerable.Range(0, 201).Select(i => $"p{i}=v"));
        var result = await new TestWorld().InvokeAsync(builder);
        Assert.Equal(ErrorCodes.BadRequest, result.ErrorCode);
    }

    [Fact]
    public async Task More_than_100_signed_headers_are_denied_bad_request()
    {
        var names = Enumerable.Range(0, 101).Select(i => $"x-h{i:D3}").ToList();
        var builder = new EventBuilder { Path = "/echo/a" }.Header("Host", "api.example.com")
            .Header("X-Ca-Key", CorpusSecrets.AppKey)
            .Header("X-Ca-Timestamp", "1795425600000")
            .Header("X-Ca-Signature-Headers", "x-ca-timestamp," + string.Join(',', names))
            .Header("X-Ca-Signature", Convert.ToBase64String(new byte[32]));
        names.ForEach(n => builder.Header(n, "v"));
        var result = await new TestWorld().InvokeAsync(builder);
        Assert.Equal(ErrorCodes.BadRequest, result.ErrorCode);
    }

    [Fact]
    public async Task MethodArn_over_1600_bytes_is_refused_without_an_allow()
    {
        var builder = AppCodeEvent();
        builder.Arn = EventBuilder.DefaultArnPrefix + "GET/" + new string('a', 1600);
        var result = await new TestWorld().InvokeAsync(builder);
        Assert.Equal(HandlerOutcome.InvalidEvent, result.Outcome);
        Assert.DoesNotContain("aaaaaaaaaa", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_over_1_MiB_is_refused_without_an_allow()
    {
        var builder = AppCodeEvent();
        for (var i = 0; i < 140; i++)
        {
            builder.Header($"X-Pad-{i}", new string('p', 8000));
        }

        var payload = builder.ToUtf8();
        Assert.True(payload.Length > 1024 * 1024);
        var result = await new TestWorld().InvokeAsync(payload);
        Assert.Equal(HandlerOutcome.Deny, result.Outcome);
        Assert.Equal(ErrorCodes.BadRequest, result.ErrorCode);
    }

    [Fact]
    public async Task Deep_json_nesting_is_refused_without_an_allow()
    {
        var json = AppCodeEvent().ToJson();
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200);
        var payload = Encoding.UTF8.GetBytes(json[..^1] + ",\"stageVariables2\":" + deep + "}");
        var result = await new TestWorld().InvokeAsync(payload);
        Assert.Equal(HandlerOutcome.Deny, result.Outcome);
        Assert.Equal(ErrorCodes.BadRequest, result.ErrorCode);
    }

    [Fact]
    public async Task A_duplicated_method_arn_is_not_trusted_and_fails_the_invocation()
    {
        var json = AppCodeEvent().ToJson();
        var payload = Encoding.UTF8.GetBytes("{\"methodArn\":\"arn:aws:execute-api:us-east-1:123456789012:corpusapi/Prod/GET/echo/other\"," + json[1..]);
        var result = await new TestWorld().InvokeAsync(payload);
        Assert.Equal(HandlerOutcome.InvalidEvent, result.Outcome);
    }

    [Fact]
    public async Task A_duplicated_type_is_denied_bad_request()
    {
        var json = AppCodeEvent().ToJson();
        var payload = Encoding.UTF8.GetBytes("{\"type\":\"TOKEN\"," + json[1..]);
        var result = await new TestWorld().InvokeAsync(payload);
        Assert.Equal(HandlerOutcome.Deny, result.Outcome);
        Assert.Equal(ErrorCodes.BadRequest, result.ErrorCode);
    }

    [Fact]
    public async Task Duplicate_header_keys_inside_the_event_are_refused()
    {
        var json = AppCodeEvent().ToJson();
        var payload = Encoding.UTF8.GetBytes(json.Replace(
            "\"headers\":{",
            "\"headers\":{\"Authorization\":\"APPCODE wrong\",",
            StringComparison.Ordinal));
        var result = await new TestWorld().InvokeAsync(payload);
        Assert.Equal(HandlerOutcome.Deny, result.Outcome);
        Assert.Equal(ErrorCodes.BadRequest, result.ErrorCode);
    }
}
