using Authorizer.Core.Requests;
using Authorizer.Core.Signing;
using Authorizer.Core.Verification;
using Authorizer.Functions.Events;
using Authorizer.Functions.Mapping;
using Authorizer.Security.Tests.Infrastructure;

namespace Authorizer.Security.Tests.Corpus;

/// <summary>
/// Replays every corpus case: the product's canonicalizer must produce the hand-written string from the event
/// as the handler maps it, and the handler must reach the case's verdict.
/// </summary>
public sealed class CorpusTests
{
    public static TheoryData<string, string> Variants()
    {
        var data = new TheoryData<string, string>();
        foreach (var corpusCase in CorpusCase.LoadAll())
        {
            foreach (var scheme in corpusCase.Schemes.Keys)
            {
                data.Add(corpusCase.Name, scheme);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Canonical_string_matches_the_hand_written_one(string caseName, string scheme)
    {
        var corpusCase = CorpusCase.Load(Path.Combine(CorpusCase.Root, caseName));
        var variant = corpusCase.Schemes[scheme];
        if (variant.Expected is null)
        {
            // No canonical form is defined for this case (see verdict.json); the verdict test covers it.
            return;
        }

        var request = MapThroughHandlerMapping(corpusCase.BuildEvent(variant));
        var actual = scheme == "ca" ? CaStringToSign(request) : SdkCanonicalRequest(request);
        Assert.Equal(variant.Expected, actual);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Handler_reaches_the_expected_verdict(string caseName, string scheme)
    {
        var corpusCase = CorpusCase.Load(Path.Combine(CorpusCase.Root, caseName));
        var variant = corpusCase.Schemes[scheme];
        var world = new TestWorld();

        var result = await world.InvokeAsync(corpusCase.BuildEvent(variant));

        if (variant.Accept)
        {
            Assert.True(result.Outcome == HandlerOutcome.Allow, $"{caseName}/{scheme}: expected Allow, got {result}");
        }
        else
        {
            Assert.True(result.Outcome == HandlerOutcome.Deny, $"{caseName}/{scheme}: expected Deny, got {result}");
            Assert.Contains(result.ErrorCode, variant.Codes);
        }
    }

    internal static AuthRequest MapThroughHandlerMapping(EventBuilder builder)
    {
        var payload = builder.ToUtf8();
        return builder.Kind == "http"
            ? AuthRequestMapper.FromHttpApi(EventReader.Deserialize(payload, FunctionsJsonContext.Default.HttpApiAuthorizerEvent))
            : AuthRequestMapper.FromRestRequest(EventReader.Deserialize(payload, FunctionsJsonContext.Default.RestRequestAuthorizerEvent));
    }

    internal static string CaStringToSign(AuthRequest request)
    {
        var headers = request.Headers;
        var names = CaCanonicalizer.ParseSignedHeaderNames(VerifierMessages.HeaderValueOf(headers, CaHeaders.SignatureHeaders));
        return CaCanonicalizer.BuildStringToSign(
            request.Method,
            request.Path,
            request.Query.Pairs,
            names,
            name => headers.Contains(name) ? VerifierMessages.HeaderValueOf(headers, name) : null);
    }

    internal static string SdkCanonicalRequest(AuthRequest request)
    {
        var headers = request.Headers;
        Assert.True(SdkCanonicalizer.TryParseAuthorization(headers.GetFirst("Authorization")!, out var authorization));
        return SdkCanonicalizer.BuildCanonicalRequest(
            request.Method,
            request.Path,
            request.Query.Pairs,
            authorization.SignedHeaders,
            name => headers.Contains(name) ? VerifierMessages.HeaderValueOf(headers, name) : null);
    }
}
