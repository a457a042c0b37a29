using System.Text.Json;
using Authorizer.Core.Decisions;
using Authorizer.Core.Requests;
using Authorizer.Functions.Events;
using Authorizer.Functions.Responses;
using FsCheck;
using FsCheck.Fluent;

namespace Authorizer.Functions.Tests.Responses;

/// <summary>
/// <see cref="ResponseWriter"/> must write exactly the bytes the response contracts serialize to, for every
/// outcome and whatever characters the app's fields or the deny message hold.
/// </summary>
public sealed class ResponseWriterTests
{
    private const int Cases = 1000;

    private static readonly string[] OddText =
    [
        "", "plain", "<script>&'\"", "é北😀", "\u2028\u2029", "\\back\\slash", "a+b=c", "\u0000\u001f\u007f", "\ud800",
        "\udc00x", "line\nbreak\ttab", "arn:aws:execute-api:us-east-1:1:a/s/GET/*",
    ];

    private static readonly Gen<string?> Text = Gen.OneOf(
        Gen.Elements<string?>(OddText),
        ArbMap.Default.GeneratorFor<string>().Select(s => (string?)s),
        Gen.Constant<string?>(null));

    [Fact]
    public void Random_decisions_are_written_byte_for_byte_as_the_contracts_serialize()
    {
        var decisions =
            from outcome in Gen.Elements(DecisionOutcome.Allow, DecisionOutcome.Allow, DecisionOutcome.Deny, DecisionOutcome.Unauthorized, (DecisionOutcome)7)
            from appId in Text
            from appName in Text
            from appKey in Text
            from scheme in Text
            from authorizationId in Text
            from usagePlanKey in Text
            from errorCode in Text
            from errorMessage in Text
            from resourceCount in Gen.Choose(0, 3)
            from resources in Gen.ArrayOf(Text, resourceCount)
            from deniedCount in Gen.Choose(0, 2)
            from denied in Gen.ArrayOf(Text, deniedCount)
            from withPrincipal in Gen.Elements(true, true, true, false)
            from arn in Text
            from claimCount in Gen.Choose(0, 2)
            from claimValues in Gen.ArrayOf(Gen.Elements(OddText), claimCount)
            select (Decision: new AuthDecision
            {
                Outcome = outcome,
                Principal = withPrincipal ? new AuthPrincipal(
                    appId!, appName!, appKey!, scheme!, authorizationId, usagePlanKey, claimCount == 0 ? null : [.. claimValues.Select((v, i) => KeyValuePair.Create("claim_c" + i, v))])
                    : null,
                Resources = resources!,
                DeniedResources = denied!,
                ErrorCode = errorCode,
                ErrorMessage = errorMessage,
                Scheme = scheme,
            }, Arn: arn ?? "arn");
        var written = 0;
        Check.One(
            PropertyRun.Config(Cases, 201),
            Prop.ForAll(decisions.ToArbitrary(), input =>
            {
                var target = Target(input.Arn);
                var expectedPolicy = Outcome(() => JsonSerializer.SerializeToUtf8Bytes(
                    AuthorizerResponses.ToIamPolicy(input.Decision, target), FunctionsJsonContext.Default.IamPolicyResponse));
                var expectedSimple = Outcome(() => JsonSerializer.SerializeToUtf8Bytes(
                    AuthorizerResponses.ToSimpleResponse(input.Decision), FunctionsJsonContext.Default.HttpApiSimpleResponse));
                written += expectedPolicy.StartsWith('{') ? 1 : 0;

                Assert.Equal(expectedPolicy, Outcome(() => ResponseWriter.IamPolicy(input.Decision, target)));
                Assert.Equal(expectedSimple, Outcome(() => ResponseWriter.SimpleResponse(input.Decision)));
            }));

        Assert.True(written >= Cases / 4, $"only {written} decisions produced a response");
    }

    [Theory]
    [InlineData("auth-1", "usage-key")]
    [InlineData(null, null)]
    [InlineData("", "")]
    public void An_allow_is_written_as_the_contracts_serialize_it(string? authorizationId, string? usagePlanKey)
    {
        var principal = new AuthPrincipal("app-1", "Shop <é>", "203952345678", "appcode", authorizationId, usagePlanKey);
        var decision = AuthDecision.Allow(principal, ["arn:aws:execute-api:us-east-1:1:a/s/GET/*", "arn:aws:execute-api:us-east-1:1:a/s/POST/x"]);
        var target = Target("arn:aws:execute-api:us-east-1:1:a/s/GET/x");

        var written = ResponseWriter.IamPolicy(decision, target);

        Assert.Equal(
            JsonSerializer.SerializeToUtf8Bytes(AuthorizerResponses.ToIamPolicy(decision, target), FunctionsJsonContext.Default.IamPolicyResponse),
            written);
        Assert.Equal(
            JsonSerializer.SerializeToUtf8Bytes(AuthorizerResponses.ToSimpleResponse(decision), FunctionsJsonContext.Default.HttpApiSimpleResponse),
            ResponseWriter.SimpleResponse(decision));
        using var document = JsonDocument.Parse(written);
        Assert.Equal("Allow", document.RootElement.GetProperty("policyDocument").GetProperty("Statement")[0].GetProperty("Effect").GetString());
    }

    [Fact]
    public void Deny_and_unauthorized_are_written_as_the_contracts_serialize_them()
    {
        var target = Target("arn:aws:execute-api:us-east-1:1:a/s/GET/x");
        foreach (var decision in new[]
        {
            AuthDecision.Deny(target.Arn, ErrorCodes.BadRequest, "The \"request\" could not be read <&>."),
            new AuthDecision { Outcome = DecisionOutcome.Deny },
            AuthDecision.Unauthorized(),
        })
        {
            Assert.Equal(
                JsonSerializer.SerializeToUtf8Bytes(AuthorizerResponses.ToIamPolicy(decision, target), FunctionsJsonContext.Default.IamPolicyResponse),
                ResponseWriter.IamPolicy(decision, target));
            Assert.Equal(
                JsonSerializer.SerializeToUtf8Bytes(AuthorizerResponses.ToSimpleResponse(decision), FunctionsJsonContext.Default.HttpApiSimpleResponse),
                ResponseWriter.SimpleResponse(decision));
        }
    }

    [Fact]
    public void An_allow_without_principal_or_resources_fails_closed()
    {
        var target = Target("arn:aws:execute-api:us-east-1:1:a/s/GET/x");
        var noResources = AuthDecision.Allow(new AuthPrincipal("app", "n", "k", "appcode", null, null), []);
        var noPrincipal = new AuthDecision { Outcome = DecisionOutcome.Allow, Resources = [target.Arn] };

        Assert.Throws<AuthorizerFailureException>(() => ResponseWriter.IamPolicy(noResources, target));
        Assert.Throws<AuthorizerFailureException>(() => ResponseWriter.IamPolicy(noPrincipal, target));
        Assert.Throws<AuthorizerFailureException>(() => ResponseWriter.SimpleResponse(noResources));
        Assert.Throws<AuthorizerFailureException>(() => ResponseWriter.SimpleResponse(noPrincipal));
    }

    private static ApiTarget Target(string arn) => new(arn, "aws", "us-east-1", "1", "a", "s", "GET", "/x");

    /// <summary>The bytes as text, or the exception type: a writer that throws must throw as the contract path does.</summary>
    private static string Outcome(Func<byte[]> write)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(write()) + "|" + Convert.ToBase64String(write());
        }
        catch (AuthorizerFailureException)
        {
            return "throws AuthorizerFailureException";
        }
        catch (ArgumentException ex)
        {
            return "throws " + ex.GetType().Name;
        }
    }
}
