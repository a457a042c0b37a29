using System.Text;
using Authorizer.Interop.Tests.Corpus;
using Authorizer.Interop.Tests.Events;
using Authorizer.Interop.Tests.Harness;

namespace Authorizer.Interop.Tests;

/// <summary>
/// The same corpus as an HTTP API (2.0) REQUEST authorizer event. API Gateway hands over <c>rawPath</c> decoded;
/// the authorizer re-encodes what a URL cannot hold literally (space, non-ASCII, %, ?, #). An Alibaba path whose
/// wire form escaped anything else (the client sends ' as %27) cannot be recovered, so that signature fails.
/// </summary>
[Collection(SignedCorpusGroup.Name)]
public sealed class HttpApiInteropTests(CorpusFixture fixture)
{
    private readonly SignedCorpus _corpus = fixture.Corpus;

    [Theory]
    [MemberData(nameof(CaseNames.Theory), MemberType = typeof(CaseNames))]
    public async Task The_official_sdk_signature_gets_the_expected_verdict_from_an_http_api(string name)
    {
        var signed = _corpus[name];
        var request = WireRequest.From(signed);
        await using var harness = await AuthorizerHarness.CreateAsync(signed.SignedAt(), CorpusFixture.AppKey, CorpusFixture.AppSecret);

        var verdict = await harness.InvokeHttpApiAsync(GatewayEvents.HttpApiRequest(request));

        var expectedCode = CaseNames.Rejected.GetValueOrDefault(name);
        if (expectedCode is null && signed.IsAliyun && ReEncode(request.DecodedPath) != request.RawPath)
        {
            expectedCode = "invalid_signature";
        }

        if (expectedCode is null)
        {
            Assert.True(verdict.Kind == VerdictKind.Allow, $"expected Allow, got {verdict}\n{signed.Describe()}");
            Assert.Equal(CorpusFixture.AppKey, verdict.AppKey);
        }
        else
        {
            Assert.True(
                verdict.Kind == VerdictKind.Deny && verdict.ErrorCode == expectedCode,
                $"expected Deny {expectedCode}, got {verdict}\n{signed.Describe()}");
        }
    }

    [Fact]
    public void At_least_one_alibaba_path_is_not_recoverable_from_a_decoded_raw_path()
    {
        // Keeps the lossy branch above exercised: ali-get-path-subdelims sends ' as %27.
        var request = WireRequest.From(_corpus["ali-get-path-subdelims"]);
        Assert.NotEqual(request.RawPath, ReEncode(request.DecodedPath));
        var unicode = WireRequest.From(_corpus["ali-get-path-unicode-encoded"]);
        Assert.Equal(unicode.RawPath, ReEncode(unicode.DecodedPath));
    }

    /// <summary>docs/authentication.md §1: re-encode space, non-ASCII, %, ? and # (and control characters) as UTF-8 %XX, uppercase.</summary>
    private static string ReEncode(string decoded)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(decoded))
        {
            if (b <= 0x20 || b >= 0x7F || b is (byte)'%' or (byte)'?' or (byte)'#')
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append((char)b);
            }
        }

        return builder.ToString();
    }
}
