using System.Text;
using System.Text.Json.Nodes;
using Authorizer.Core.Decisions;
using Authorizer.Functions.Logging;
using Authorizer.Functions.Settings;

namespace Authorizer.Functions.Tests;

public sealed class HandlerTests
{
    private static readonly AuthPrincipal Principal = new("app-1", "Demo app", "key-1", "app-basic", "auth-1", "usage-key-1");

    private static readonly AuthDecision AllowDecision = AuthDecision.Allow(
        Principal,
        ["arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/request", "arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/*/echo/*"]);

    private static readonly AuthDecision DenyDecision =
        AuthDecision.Deny(TestEvents.MethodArn, ErrorCodes.InvalidSignature, "Invalid Signature", "signature-ca");

    internal static (AuthorizerFunction Function, MemoryStream Log) Create(IAuthorizer authorizer, HttpApiResponseFormat format = HttpApiResponseFormat.Simple)
    {
        var log = new MemoryStream();
        return (new AuthorizerFunction(authorizer, format, new DecisionLog(log, AuthorizerLogLevel.Debug, TimeProvider.System), TimeProvider.System), log);
    }

    [Theory]
    [InlineData("rest-request-authorizer.sam.json")]
    [InlineData("rest-token-authorizer.sam.json")]
    public async Task Rest_unauthorized_fails_with_exactly_Unauthorized(string sample)
    {
        var (function, _) = Create(FakeAuthorizer.Returning(AuthDecision.Unauthorized()));

        var ex = await Assert.ThrowsAsync<UnauthorizedException>(() => function.Handler(TestEvents.ToStream(TestEvents.Sample(sample))));

        Assert.Equal("Unauthorized", ex.Message);
    }

    [Theory]
    [InlineData("rest-request-authorizer.sam.json")]
    [InlineData("rest-token-authorizer.sam.json")]
    public async Task Rest_deny_is_a_deny_policy_on_the_method_arn_with_error_context(string sample)
    {
        var (function, _) = Create(FakeAuthorizer.Returning(DenyDecision));

        var response = TestEvents.Read(await function.Handler(TestEvents.ToStream(TestEvents.Sample(sample))));

        var statement = response["policyDocument"]!["Statement"]![0]!;
        Assert.Equal("2012-10-17", (string?)response["policyDocument"]!["Version"]);
        Assert.Equal("Deny", (string?)statement["Effect"]);
        Assert.Equal(["execute-api:Invoke"], statement["Action"]!.AsArray().Select(a => (string?)a));
        Assert.Equal([TestEvents.MethodArn], statement["Resource"]!.AsArray().Select(a => (string?)a));
        Assert.Equal("invalid_signature", (string?)response["context"]!["errorCode"]);
        Assert.Equal("Invalid Signature", (string?)response["context"]!["errorMessage"]);
        Assert.False(string.IsNullOrEmpty((string?)response["principalId"]));
        Assert.Null(response["usageIdentifierKey"]);
    }

    [Fact]
    public async Task Rest_allow_lists_every_resource_with_app_context_and_usage_key()
    {
        var (function, _) = Create(FakeAuthorizer.Returning(AllowDecision));

        var response = TestEvents.Read(await function.Handler(TestEvents.ToStream(TestEvents.RestRequest())));

        Assert.Equal("app-1", (string?)response["principalId"]);
        var statement = response["policyDocument"]!["Statement"]![0]!;
        Assert.Equal("Allow", (string?)statement["Effect"]);
        Assert.Equal(AllowDecision.Resources, statement["Resource"]!.AsArray().Select(a => (string?)a));
        var context = response["context"]!.AsObject();
        Assert.Equal("app-1", (string?)context["appId"]);
        Assert.Equal("Demo app", (string?)context["appName"]);
        Assert.Equal("key-1", (string?)context["appKey"]);
        Assert.Equal("app-basic", (string?)context["scheme"]);
        Assert.Equal("auth-1", (string?)context["authorizationId"]);
        Assert.Equal("usage-key-1", (string?)response["usageIdentifierKey"]);
    }

    [Fact]
    public async Task Rest_allow_with_denied_resources_adds_a_deny_statement_after_the_allow()
    {
        string[] denied = ["arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/items/*/*", "arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/items/"];
        var decision = AuthDecision.Allow(Principal, ["arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/items/*"], denied);
        var (function, _) = Create(FakeAuthorizer.Returning(decision));

        var response = TestEvents.Read(await function.Handler(TestEvents.ToStream(TestEvents.RestRequest())));

        var statements = response["policyDocument"]!["Statement"]!.AsArray();
        Assert.Equal(2, statements.Count);
        Assert.Equal("Allow", (string?)statements[0]!["Effect"]);
        Assert.Equal(decision.Resources, statements[0]!["Resource"]!.AsArray().Select(a => (string?)a));
        Assert.Equal("Deny", (string?)statements[1]!["Effect"]);
        Assert.Equal(["execute-api:Invoke"], statements[1]!["Action"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(denied, statements[1]!["Resource"]!.AsArray().Select(a => (string?)a));
    }

    [Fact]
    public async Task Response_shapes_match_the_sample_response_files()
    {
        var (function, _) = Create(FakeAuthorizer.Returning(AllowDecision));
        var policy = TestEvents.Read(await function.Handler(TestEvents.ToStream(TestEvents.RestRequest())));
        var simple = TestEvents.Read(await function.Handler(TestEvents.ToStream(TestEvents.HttpApi())));

        AssertSameShape(TestEvents.Sample("authorizer-iam-policy-response.json"), policy);
        AssertSameShape(TestEvents.Sample("http-api-v2-simple-response.json"), simple);
    }

    [Fact]
    public async Task Http_api_simple_responses_for_each_outcome()
    {
        var (allow, _) = Create(FakeAuthorizer.Returning(AllowDecision));
        var (deny, _) = Create(FakeAuthorizer.Returning(DenyDecision));
        var (none, _) = Create(FakeAuthorizer.Returning(AuthDecision.Unauthorized()));

        var allowed = TestEvents.Read(await allow.Handler(TestEvents.ToStream(TestEvents.HttpApi())));
        var denied = TestEvents.Read(await deny.Handler(TestEvents.ToStream(TestEvents.HttpApi())));
        var missing = TestEvents.Read(await none.Handler(TestEvents.ToStream(TestEvents.HttpApi())));

        Assert.True((bool)allowed["isAuthorized"]!);
        Assert.Equal("app-1", (string?)allowed["context"]!["appId"]);
        Assert.False((bool)denied["isAuthorized"]!);
        Assert.Equal("invalid_signature", (string?)denied["context"]!["errorCode"]);
        Assert.False((bool)missing["isAuthorized"]!);
    }

    [Fact]
    public async Task Http_api_iam_setting_answers_policies_on_the_route_arn()
    {
        var (deny, _) = Create(FakeAuthorizer.Returning(AuthDecision.Unauthorized()), HttpApiResponseFormat.Iam);

        var response = TestEvents.Read(await deny.Handler(TestEvents.ToStream(TestEvents.HttpApi())));

        var statement = response["policyDocument"]!["Statement"]![0]!;
        Assert.Equal("Deny", (string?)statement["Effect"]);
        Assert.Equal((string?)TestEvents.HttpApi()["routeArn"], (string?)statement["Resource"]![0]);
    }

    [Fact]
    public async Task Engine_failure_fails_the_invocation_generically_without_its_text()
    {
        var (function, log) = Create(FakeAuthorizer.Throwing(new InvalidOperationException("store said: secret-value-123")));

        var ex = await Assert.ThrowsAsync<AuthorizerFailureException>(() => function.Handler(TestEvents.ToStream(TestEvents.RestRequest())));

        Assert.Equal(AuthorizerFailureException.GenericMessage, ex.Message);
        Assert.Null(ex.InnerException);
        var line = Encoding.UTF8.GetString(log.ToArray());
        Assert.DoesNotContain("secret-value-123", line, StringComparison.Ordinal);
        Assert.Contains("\"outcome\":\"error\"", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rest-request-authorizer.sam.json")]
    [InlineData("http-api-v2-request-authorizer.json")]
    public async Task Allow_without_resources_or_principal_never_allows(string sample)
    {
        var broken = new AuthDecision { Outcome = DecisionOutcome.Allow, Principal = Principal };
        var noPrincipal = new AuthDecision { Outcome = DecisionOutcome.Allow, Resources = [TestEvents.MethodArn] };

        foreach (var decision in new[] { broken, noPrincipal })
        {
            var (function, _) = Create(FakeAuthorizer.Returning(decision));
            await Assert.ThrowsAsync<AuthorizerFailureException>(() => function.Handler(TestEvents.ToStream(TestEvents.Sample(sample))));
        }
    }

    [Theory]
    [InlineData("""{"type":"REQUEST","methodArn":"arn:aws:execute-api:us-east-1:1:a/s/GET/x","headers":{"Authorization":"APPCODE a","Authorization":"APPCODE b"}}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"arn:aws:execute-api:us-east-1:1:a/s/GET/x","extra":1,"extra":2}""")]
    [InlineData("""{"type":"TOKEN","authorizationToken":"a","authorizationToken":"b","methodArn":"arn:aws:execute-api:us-east-1:1:a/s/GET/x"}""")]
    [InlineData("""{"type":"REQUEST","type":"TOKEN","methodArn":"arn:aws:execute-api:us-east-1:1:a/s/GET/x"}""")]
    public async Task Duplicate_json_keys_are_denied_bad_request_before_the_engine_runs(string json)
    {
        var authorizer = FakeAuthorizer.Returning(AllowDecision);
        var (function, log) = Create(authorizer);

        var response = TestEvents.Read(await function.Handler(TestEvents.ToStream(json)));

        AssertBadRequestDeny(response, "arn:aws:execute-api:us-east-1:1:a/s/GET/x");
        Assert.Empty(authorizer.Requests);
        var line = JsonNode.Parse(Encoding.UTF8.GetString(log.ToArray()).Trim())!;
        Assert.Equal("deny", (string?)line["outcome"]);
        Assert.Equal("bad_request", (string?)line["reason"]);
    }

    [Theory]
    [InlineData("""{"type":"REQUEST","methodArn":"arn:aws:execute-api:us-east-1:1:a/s/GET/x","methodArn":"arn:aws:execute-api:us-east-1:1:b/s/GET/x"}""")]
    [InlineData("""{"type":"REQUEST","methodArn":"arn:aws:execute-api:us-east-1:1:a/s/GET/x","methodArn":"arn:aws:execute-api:us-east-1:1:a/s/GET/x"}""")]
    [InlineData("""{"version":"2.0","type":"REQUEST","routeArn":"arn:aws:execute-api:us-east-1:1:a/s/GET/x","routeArn":"arn:aws:execute-api:us-east-1:1:b/s/GET/x"}""")]
    [InlineData("""{"version":"2.0","type":"REQUEST","routeArn":"arn:aws:execute-api:us-east-1:1:a/s/GET/x","methodArn":"arn:aws:execute-api:us-east-1:1:b/s/GET/x","x":1,"x":2}""")]
    public async Task A_duplicated_arn_is_not_trusted_and_fails_the_invocation(string json)
    {
        var authorizer = FakeAuthorizer.Returning(AllowDecision);
        var (function, _) = Create(authorizer);

        var ex = await Assert.ThrowsAsync<InvalidEventException>(() => function.Handler(TestEvents.ToStream(json)));

        Assert.StartsWith("Invalid event", ex.Message, StringComparison.Ordinal);
        Assert.Empty(authorizer.Requests);
    }

    [Theory]
    [InlineData(HttpApiResponseFormat.Simple)]
    [InlineData(HttpApiResponseFormat.Iam)]
    public async Task Http_api_duplicate_keys_are_denied_in_the_configured_format(HttpApiResponseFormat format)
    {
        const string json = """{"version":"2.0","type":"REQUEST","routeArn":"arn:aws:execute-api:us-east-1:1:a/s/GET/x","headers":{"x-a":"1","x-a":"2"}}""";
        var authorizer = FakeAuthorizer.Returning(AllowDecision);
        var (function, _) = Create(authorizer, format);

        var response = TestEvents.Read(await function.Handler(TestEvents.ToStream(json)));

        if (format == HttpApiResponseFormat.Simple)
        {
            Assert.False((bool)response["isAuthorized"]!);
            Assert.Equal("bad_request", (string?)response["context"]!["errorCode"]);
            Assert.False(string.IsNullOrEmpty((string?)response["context"]!["errorMessage"]));
        }
        else
        {
            AssertBadRequestDeny(response, "arn:aws:execute-api:us-east-1:1:a/s/GET/x");
        }

        Assert.Empty(authorizer.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{\"type\":\"REQUEST\",")]
    [InlineData("{\"type\":\"REQUEST\"}")]
    [InlineData("{\"type\":\"REQUEST\",\"methodArn\":\"not-an-arn\",\"headers\":{\"a\":1}}")]
    [InlineData("{\"type\":\"REQUEST\",\"methodArn\":42,\"headers\":{\"a\":1}}")]
    [InlineData("{\"headers\":{\"methodArn\":\"arn:aws:execute-api:us-east-1:1:a/s/GET/x\"},\"x\":[}")]
    public async Task Malformed_events_without_a_usable_arn_fail_clearly_and_never_reach_the_engine(string json)
    {
        var authorizer = FakeAuthorizer.Returning(AllowDecision);
        var (function, _) = Create(authorizer);

        var ex = await Assert.ThrowsAsync<InvalidEventException>(() => function.Handler(TestEvents.ToStream(json)));

        Assert.StartsWith("Invalid event", ex.Message, StringComparison.Ordinal);
        Assert.Empty(authorizer.Requests);
    }

    public static TheoryData<string> MalformedEventsWithAUsableArn => new()
    {
        "{\"type\":\"SOMETHING\",\"methodArn\":\"arn:aws:execute-api:us-east-1:1:a/s/GET/x\"}",
        "{\"type\":\"REQUEST\",\"methodArn\":\"arn:aws:execute-api:us-east-1:1:a/s/GET/x\",\"headers\":{\"a\":1}}",
        "{\"type\":\"REQUEST\",\"methodArn\":\"arn:aws:execute-api:us-east-1:1:a/s/GET/x\",\"headers\":{\"a\":",

        // Objects nested 100 deep, after the ARN.
        "{\"type\":\"REQUEST\",\"methodArn\":\"arn:aws:execute-api:us-east-1:1:a/s/GET/x\",\"deep\":"
            + string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100) + "}",
    };

    [Theory]
    [MemberData(nameof(MalformedEventsWithAUsableArn))]
    public async Task Malformed_events_with_a_usable_arn_are_denied_bad_request(string json)
    {
        var authorizer = FakeAuthorizer.Returning(AllowDecision);
        var (function, _) = Create(authorizer);

        var response = TestEvents.Read(await function.Handler(TestEvents.ToStream(json)));

        AssertBadRequestDeny(response, "arn:aws:execute-api:us-east-1:1:a/s/GET/x");
        Assert.Empty(authorizer.Requests);
    }

    [Fact]
    public async Task Deeply_nested_event_before_its_arn_fails_the_invocation()
    {
        var nested = string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100);
        var json = "{\"type\":\"REQUEST\",\"deep\":" + nested + ",\"methodArn\":\"arn:aws:execute-api:us-east-1:1:a/s/GET/x\"}";
        var (function, _) = Create(FakeAuthorizer.Returning(AllowDecision));

        await Assert.ThrowsAsync<InvalidEventException>(() => function.Handler(TestEvents.ToStream(json)));
    }

    [Fact]
    public async Task Event_over_one_mebibyte_is_denied_bad_request_unread_by_the_engine()
    {
        var json = TestEvents.RestRequest();
        json["headers"]!["X-Padding"] = new string('a', 1024 * 1024);
        var authorizer = FakeAuthorizer.Returning(AllowDecision);
        var (function, _) = Create(authorizer);

        var response = TestEvents.Read(await function.Handler(TestEvents.ToStream(json)));

        AssertBadRequestDeny(response, TestEvents.MethodArn);
        Assert.DoesNotContain("aaaaaaaa", response.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(authorizer.Requests);
    }

    [Fact]
    public async Task Event_over_the_limit_is_denied_from_a_non_seekable_stream()
    {
        var json = TestEvents.RestRequest();
        json["headers"]!["X-Padding"] = new string('a', 1024 * 1024);
        var (function, _) = Create(FakeAuthorizer.Returning(AllowDecision));

        var response = TestEvents.Read(await function.Handler(new NonSeekableStream(Encoding.UTF8.GetBytes(json.ToJsonString()))));

        AssertBadRequestDeny(response, TestEvents.MethodArn);
    }

    [Fact]
    public async Task Http_api_event_over_the_limit_is_denied_with_a_simple_response()
    {
        var json = TestEvents.HttpApi();
        json["headers"]!["x-padding"] = new string('a', 1024 * 1024);
        var (function, _) = Create(FakeAuthorizer.Returning(AllowDecision));

        var response = TestEvents.Read(await function.Handler(TestEvents.ToStream(json)));

        Assert.False((bool)response["isAuthorized"]!);
        Assert.Equal("bad_request", (string?)response["context"]!["errorCode"]);
    }

    [Fact]
    public async Task Oversized_event_whose_arn_lies_beyond_the_limit_fails_the_invocation()
    {
        var json = "{\"type\":\"REQUEST\",\"padding\":\"" + new string('a', 1024 * 1024) + "\",\"methodArn\":\"arn:aws:execute-api:us-east-1:1:a/s/GET/x\"}";
        var (function, _) = Create(FakeAuthorizer.Returning(AllowDecision));

        var ex = await Assert.ThrowsAsync<InvalidEventException>(() => function.Handler(TestEvents.ToStream(json)));

        Assert.Contains("larger than", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Random_bytes_never_fail_with_anything_but_the_documented_exceptions()
    {
        var (function, _) = Create(FakeAuthorizer.Returning(AllowDecision));
        var seeds = new[]
        {
            Encoding.UTF8.GetBytes(TestEvents.RestRequest().ToJsonString()),
            Encoding.UTF8.GetBytes(TestEvents.HttpApi().ToJsonString()),
            Encoding.UTF8.GetBytes(TestEvents.RestToken().ToJsonString()),
        };
        for (var i = 0; i < 3000; i++)
        {
            byte[] payload;
            if (i % 3 == 0)
            {
                payload = System.Security.Cryptography.RandomNumberGenerator.GetBytes(System.Security.Cryptography.RandomNumberGenerator.GetInt32(0, 512));
            }
            else
            {
                payload = (byte[])seeds[i % seeds.Length].Clone();
                for (var flips = System.Security.Cryptography.RandomNumberGenerator.GetInt32(1, 8); flips > 0; flips--)
                {
                    payload[System.Security.Cryptography.RandomNumberGenerator.GetInt32(payload.Length)] = (byte)System.Security.Cryptography.RandomNumberGenerator.GetInt32(256);
                }
            }

            try
            {
                await using var output = await function.Handler(new MemoryStream(payload));
                var effect = TestEvents.Read(output);
                Assert.NotNull(effect);
            }
            catch (InvalidEventException ex)
            {
                Assert.StartsWith("Invalid event", ex.Message, StringComparison.Ordinal);
            }
            catch (UnauthorizedException)
            {
                // Documented REST outcome.
            }
        }
    }

    private static void AssertBadRequestDeny(JsonNode response, string arn)
    {
        var statement = response["policyDocument"]!["Statement"]![0]!;
        Assert.Equal("Deny", (string?)statement["Effect"]);
        Assert.Equal([arn], statement["Resource"]!.AsArray().Select(a => (string?)a));
        Assert.Equal("bad_request", (string?)response["context"]!["errorCode"]);
        Assert.False(string.IsNullOrEmpty((string?)response["context"]!["errorMessage"]));
    }

    [Fact]
    public async Task Unknown_event_fields_are_tolerated()
    {
        var json = TestEvents.RestRequest();
        json["someFutureField"] = new JsonObject { ["nested"] = new JsonArray(1, 2) };
        json["requestContext"]!["newThing"] = "x";
        var (function, _) = Create(FakeAuthorizer.Returning(DenyDecision));

        var response = TestEvents.Read(await function.Handler(TestEvents.ToStream(json)));

        Assert.Equal("Deny", (string?)response["policyDocument"]!["Statement"]![0]!["Effect"]);
    }

    private static void AssertSameShape(JsonNode expected, JsonNode actual)
    {
        switch (expected)
        {
            case JsonObject expectedObject:
                var actualObject = Assert.IsType<JsonObject>(actual);
                foreach (var (name, value) in expectedObject)
                {
                    // The sample's context keys are examples; the context itself must be an object of strings.
                    if (name == "context")
                    {
                        Assert.All(Assert.IsType<JsonObject>(actualObject[name]), p => Assert.IsAssignableFrom<JsonValue>(p.Value));
                        continue;
                    }

                    Assert.True(actualObject.ContainsKey(name), $"missing {name}");
                    AssertSameShape(value!, actualObject[name]!);
                }

                break;
            case JsonArray expectedArray:
                var actualArray = Assert.IsType<JsonArray>(actual);
                Assert.NotEmpty(actualArray);
                AssertSameShape(expectedArray[0]!, actualArray[0]!);
                break;
            default:
                Assert.Equal(expected.GetValueKind(), actual.GetValueKind() is System.Text.Json.JsonValueKind.False ? System.Text.Json.JsonValueKind.True : actual.GetValueKind());
                break;
        }
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
