using System.Text;
using System.Text.Json.Nodes;
using Authorizer.Core.Decisions;
using Authorizer.Functions.Logging;
using Authorizer.Functions.Settings;

namespace Authorizer.Functions.Tests;

public sealed class DecisionLogTests
{
    private const string Secret = "c2VjcmV0LWFwcC1zZWNyZXQtdmFsdWU";
    private const string AppCode = "appcode-0123456789abcdef0123456789";
    private const string Token = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln";
    private const string Signature = "ZmFrZS1zaWduYXR1cmUtdmFsdWU=";

    [Theory]
    [InlineData(DecisionOutcome.Allow)]
    [InlineData(DecisionOutcome.Deny)]
    public async Task One_json_line_per_decision_with_ids_and_no_credential_material(DecisionOutcome outcome)
    {
        var evt = TestEvents.RestRequest();
        evt["headers"] = new JsonObject
        {
            ["Authorization"] = "Basic " + Secret,
            ["X-Apig-AppCode"] = AppCode,
            ["X-Auth-Token"] = Token,
            ["X-Ca-Signature"] = Signature,
        };
        var decision = outcome == DecisionOutcome.Allow
            ? AuthDecision.Allow(new AuthPrincipal("app-9", "n", "key-9", "app-basic", null, null), [TestEvents.MethodArn])
            : AuthDecision.Deny(TestEvents.MethodArn, ErrorCodes.InvalidSignature, "Invalid Signature, Server StringToSign:`" + Signature + "`");
        var (function, log) = HandlerTests.Create(FakeAuthorizer.Returning(decision));

        await function.Handler(TestEvents.ToStream(evt));

        var text = Encoding.UTF8.GetString(log.ToArray());
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = JsonNode.Parse(Assert.Single(lines))!;
        Assert.Equal(outcome == DecisionOutcome.Allow ? "allow" : "deny", (string?)line["outcome"]);
        Assert.Equal("abcdef123", (string?)line["apiId"]);
        Assert.NotNull(line["timestamp"]);
        Assert.NotNull(line["level"]);
        Assert.True((long)line["latencyUs"]! >= 0);
        if (outcome == DecisionOutcome.Allow)
        {
            Assert.Equal("app-9", (string?)line["appId"]);
            Assert.Equal("app-basic", (string?)line["scheme"]);
        }
        else
        {
            Assert.Equal("invalid_signature", (string?)line["reason"]);
        }

        foreach (var material in new[] { Secret, AppCode, Token, Signature, "Basic" })
        {
            Assert.DoesNotContain(material, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Level_none_writes_nothing_and_warning_drops_information()
    {
        var sink = new MemoryStream();
        var none = new DecisionLog(sink, AuthorizerLogLevel.None, TimeProvider.System);
        var warning = new DecisionLog(sink, AuthorizerLogLevel.Warning, TimeProvider.System);

        none.Write(new DecisionLogEntry { Level = AuthorizerLogLevel.Error, Message = "x" });
        warning.Write(new DecisionLogEntry { Level = AuthorizerLogLevel.Information, Message = "x" });
        Assert.Equal(0, sink.Length);

        warning.Write(new DecisionLogEntry { Level = AuthorizerLogLevel.Error, Message = "x" });
        Assert.True(sink.Length > 0);
    }
}
