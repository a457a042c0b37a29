using Authorizer.Interop.Tests.Corpus;
using Authorizer.Interop.Tests.Events;
using Authorizer.Interop.Tests.Harness;

namespace Authorizer.Interop.Tests;

/// <summary>Requests signed by the official SDKs, as a REST API REQUEST authorizer event, through the real handler.</summary>
[Collection(SignedCorpusGroup.Name)]
public sealed class RestRequestInteropTests(CorpusFixture fixture)
{
    private readonly SignedCorpus _corpus = fixture.Corpus;

    [Theory]
    [MemberData(nameof(CaseNames.Theory), MemberType = typeof(CaseNames))]
    public async Task The_official_sdk_signature_gets_the_expected_verdict(string name)
    {
        var signed = _corpus[name];
        var verdict = await EvaluateAsync(signed, WireRequest.From(signed), TimeSpan.Zero);

        if (CaseNames.Rejected.TryGetValue(name, out var code))
        {
            Assert.True(
                verdict.Kind == VerdictKind.Deny && verdict.ErrorCode == code,
                $"expected Deny {code}, got {verdict}\n{signed.Describe()}");
        }
        else
        {
            Assert.True(verdict.Kind == VerdictKind.Allow, $"expected Allow, got {verdict}\n{signed.Describe()}");
            Assert.Equal(CorpusFixture.AppKey, verdict.AppKey);
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames.AcceptedTheory), MemberType = typeof(CaseNames))]
    public async Task Every_tampering_of_an_accepted_request_is_denied(string name)
    {
        var signed = _corpus[name];
        var original = await EvaluateAsync(signed, WireRequest.From(signed), TimeSpan.Zero);
        Assert.True(original.Kind == VerdictKind.Allow, $"the untampered request must be allowed first, got {original}\n{signed.Describe()}");

        var failures = new List<string>();
        var tampers = Tampering.For(signed);
        foreach (var tamper in tampers)
        {
            var verdict = await EvaluateAsync(signed, tamper.Request, tamper.ClockShift);
            if (verdict.Kind != VerdictKind.Deny || verdict.ErrorCode != tamper.ExpectedCode)
            {
                failures.Add($"{tamper}: expected Deny {tamper.ExpectedCode}, got {verdict}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {tampers.Count} tamperings not denied as expected:\n  "
            + string.Join("\n  ", failures) + $"\n{signed.Describe()}");
    }

    [Theory]
    [MemberData(nameof(CaseNames.AcceptedTheory), MemberType = typeof(CaseNames))]
    public async Task Changing_a_header_the_signature_does_not_cover_still_allows(string name)
    {
        var signed = _corpus[name];
        var original = WireRequest.From(signed);
        Assert.NotNull(original.Header(Tampering.UnsignedHeaderName));
        Assert.DoesNotContain(Tampering.UnsignedHeaderName.ToLowerInvariant(), Tampering.SignedHeaderNames(signed));

        var verdict = await EvaluateAsync(signed, original.WithHeader(Tampering.UnsignedHeaderName, "someone-else/9.9"), TimeSpan.Zero);

        Assert.True(verdict.Kind == VerdictKind.Allow, $"expected Allow, got {verdict}\n{signed.Describe()}");
    }

    [Theory]
    [MemberData(nameof(CaseNames.AcceptedAliyunTheory), MemberType = typeof(CaseNames))]
    public async Task Replaying_an_accepted_alibaba_request_is_denied_by_its_nonce(string name)
    {
        var signed = _corpus[name];
        var evt = GatewayEvents.RestRequest(WireRequest.From(signed));
        await using var harness = await AuthorizerHarness.CreateAsync(signed.SignedAt(), CorpusFixture.AppKey, CorpusFixture.AppSecret);

        var first = await harness.InvokeRestAsync(evt);
        var replay = await harness.InvokeRestAsync(evt);

        Assert.True(first.Kind == VerdictKind.Allow, $"expected Allow, got {first}\n{signed.Describe()}");
        Assert.True(replay.Kind == VerdictKind.Deny && replay.ErrorCode == "nonce_used", $"expected Deny nonce_used, got {replay}");
    }

    /// <summary>A fresh store per evaluation: whether or not a denied request burns its nonce cannot matter.</summary>
    private static async Task<Verdict> EvaluateAsync(SignedCase signed, WireRequest request, TimeSpan clockShift)
    {
        await using var harness = await AuthorizerHarness.CreateAsync(
            signed.SignedAt() + clockShift, CorpusFixture.AppKey, CorpusFixture.AppSecret);
        return await harness.InvokeRestAsync(GatewayEvents.RestRequest(request));
    }
}
