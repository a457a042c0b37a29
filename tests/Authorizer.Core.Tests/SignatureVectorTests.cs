using Authorizer.Core.Decisions;
using Authorizer.Core.Signing;
using Authorizer.Core.Tests.Support;

namespace Authorizer.Core.Tests;

/// <summary>Requests signed by the official SDKs (tests/fixtures/vectors/signatures.json) replayed at the vector time.</summary>
public sealed class SignatureVectorTests
{
    public static TheoryData<string> CaNames => SignatureVectors.CaNames();

    public static TheoryData<string> SdkNames => SignatureVectors.SdkNames();

    [Fact]
    public void Vector_credentials_are_the_test_world_credentials()
    {
        Assert.Equal(TestWorld.AppKey, SignatureVectors.AppKey);
        Assert.Equal(TestWorld.AppSecret, SignatureVectors.AppSecret);
        Assert.Equal(SignatureVectors.Root.GetProperty("timestampMs").GetString(), TestWorld.VectorTime.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(SignatureVectors.Root.GetProperty("sdkDate").GetString(), SdkCanonicalizer.FormatDate(TestWorld.SdkVectorTime));
    }

    [Theory]
    [MemberData(nameof(CaNames))]
    public void Ca_string_to_sign_reproduces_byte_for_byte(string name)
    {
        var vector = SignatureVectors.Ca(name);
        var request = SignableRequest.FromUri(vector.GetProperty("method").GetString()!, new Uri(vector.GetProperty("url").GetString()!), SignatureVectors.Headers(vector));
        var signedHeaders = CaCanonicalizer.ParseSignedHeaderNames(request.GetHeader(CaHeaders.SignatureHeaders));

        var stringToSign = CaCanonicalizer.BuildStringToSign(request.Method, request.Path, request.Query, signedHeaders, request.GetHeader);

        Assert.Equal(vector.GetProperty("stringToSign").GetString(), stringToSign);
        Assert.Equal(
            request.GetHeader(CaHeaders.Signature),
            CaCanonicalizer.ComputeSignature(stringToSign, System.Text.Encoding.UTF8.GetBytes(SignatureVectors.AppSecret), CaSignatureMethod.HmacSha256));
    }

    [Theory]
    [MemberData(nameof(CaNames))]
    public async Task Ca_vector_verdict_comes_out_of_the_engine(string name)
    {
        var vector = SignatureVectors.Ca(name);
        var world = await TestWorld.CreateAsync();
        var request = TestWorld.Request(vector.GetProperty("method").GetString()!, vector.GetProperty("url").GetString()!, SignatureVectors.Headers(vector));

        var decision = await world.AuthorizeAsync(request);

        Assert.Equal(vector.GetProperty("verdict").GetString() == "accept" ? DecisionOutcome.Allow : DecisionOutcome.Deny, decision.Outcome);
    }

    [Theory]
    [MemberData(nameof(SdkNames))]
    public void Sdk_canonical_request_and_string_to_sign_reproduce_byte_for_byte(string name)
    {
        var vector = SignatureVectors.Sdk(name);
        var uri = new Uri(vector.GetProperty("url").GetString()!);
        var request = SignableRequest.FromUri(vector.GetProperty("method").GetString()!, uri, SignatureVectors.Headers(vector));
        Assert.True(SdkCanonicalizer.TryParseAuthorization(request.GetHeader("Authorization")!, out var authorization));

        var canonical = SdkCanonicalizer.BuildCanonicalRequest(request.Method, request.Path, SignatureVectors.Query(vector), authorization.SignedHeaders, request.GetHeader);
        var stringToSign = SdkCanonicalizer.BuildStringToSign(request.GetHeader(SdkCanonicalizer.DateHeader)!, canonical);

        Assert.Equal(vector.GetProperty("canonicalRequest").GetString(), canonical);
        Assert.Equal(vector.GetProperty("stringToSign").GetString(), stringToSign);
        var ours = SdkCanonicalizer.ComputeSignature(stringToSign, System.Text.Encoding.UTF8.GetBytes(SignatureVectors.AppSecret));
        if (vector.GetProperty("verdict").GetString() == "accept")
        {
            Assert.Equal(authorization.Signature, ours);
        }
        else
        {
            Assert.NotEqual(authorization.Signature, ours);
        }
    }

    [Theory]
    [MemberData(nameof(SdkNames))]
    public async Task Sdk_vector_verdict_comes_out_of_the_engine(string name)
    {
        var vector = SignatureVectors.Sdk(name);
        var world = await TestWorld.CreateAsync();
        world.Clock.SetUtcNow(TestWorld.SdkVectorTime);
        var request = TestWorld.Request(
            vector.GetProperty("method").GetString()!,
            vector.GetProperty("url").GetString()!,
            SignatureVectors.Headers(vector),
            SignatureVectors.Query(vector));

        var decision = await world.AuthorizeAsync(request);

        if (vector.GetProperty("verdict").GetString() == "accept")
        {
            Assert.Equal(DecisionOutcome.Allow, decision.Outcome);
        }
        else
        {
            Assert.Equal(DecisionOutcome.Deny, decision.Outcome);
            Assert.Equal(ErrorCodes.InvalidSignature, decision.ErrorCode);
        }
    }

    [Fact]
    public async Task Ca_vector_replayed_after_the_window_is_rejected()
    {
        var vector = SignatureVectors.Ca("get-vanilla");
        var world = await TestWorld.CreateAsync();
        world.Clock.Advance(TimeSpan.FromMinutes(16));

        var decision = await world.AuthorizeAsync(TestWorld.Request("GET", vector.GetProperty("url").GetString()!, SignatureVectors.Headers(vector)));

        Assert.Equal(ErrorCodes.TimestampExpired, decision.ErrorCode);
    }
}
