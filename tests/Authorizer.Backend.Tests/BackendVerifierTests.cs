using System.Text;
using System.Text.Json.Nodes;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using static Authorizer.Backend.Tests.BackendWorld;

namespace Authorizer.Backend.Tests;

/// <summary>The library on REST 1.0 and HTTP API 2.0 proxy events: digest headers, deferred signatures, limits.</summary>
public sealed class BackendVerifierTests
{
    private static readonly byte[] JsonBytes = Encoding.UTF8.GetBytes(JsonBody);
    private static readonly byte[] FormBytes = Encoding.UTF8.GetBytes(Form);

    private static async Task<BackendVerdict> VerifyAsync(BackendWorld world, JsonObject evt, BackendOptions? options = null) =>
        (await world.Verifier(options).VerifyEventAsync(Bytes(evt))).Verdict;

    [Fact]
    public async Task A_deferred_huawei_json_signature_verifies_on_a_rest_event()
    {
        using var world = await CreateAsync();
        var headers = world.Sign(SchemeIds.SignatureSdk, "POST", "/echo/orders", "application/json", JsonBytes);

        var verdict = await VerifyAsync(world, RestEvent("POST", "/echo/orders", headers, JsonBytes, SchemeIds.SignatureSdk));

        Assert.True(verdict.IsAllowed, verdict.Message);
        Assert.True(verdict.CompletedDeferral);
    }

    [Fact]
    public async Task A_deferred_huawei_json_signature_verifies_on_an_http_api_event_with_its_raw_query()
    {
        using var world = await CreateAsync();
        var headers = world.Sign(SchemeIds.SignatureSdk, "POST", "/echo/orders?b=2&a=x%20y", "application/json", JsonBytes);

        var verdict = await VerifyAsync(world, HttpEvent("POST", "/echo/orders", "b=2&a=x%20y", headers, JsonBytes, SchemeIds.SignatureSdk));

        Assert.True(verdict.IsAllowed, verdict.Message);
        Assert.True(verdict.CompletedDeferral);
    }

    [Fact]
    public async Task A_base64_encoded_body_is_verified_as_its_bytes()
    {
        using var world = await CreateAsync();
        var binary = new byte[] { 0, 1, 2, 255, 254, 10 };
        var headers = world.Sign(SchemeIds.SignatureSdk, "PUT", "/echo/blob", "application/json", binary);

        var rest = await VerifyAsync(world, RestEvent("PUT", "/echo/blob", headers, binary, SchemeIds.SignatureSdk, base64: true));
        var http = await VerifyAsync(world, HttpEvent("PUT", "/echo/blob", string.Empty, headers, binary, SchemeIds.SignatureSdk, base64: true));

        Assert.True(rest.IsAllowed, rest.Message);
        Assert.True(http.IsAllowed, http.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task One_changed_body_byte_is_an_invalid_signature_with_the_gateway_error_headers(bool http)
    {
        using var world = await CreateAsync();
        var headers = world.Sign(SchemeIds.SignatureSdk, "POST", "/echo/orders", "application/json", JsonBytes);
        var tampered = Encoding.UTF8.GetBytes(JsonBody.Replace("9", "8", StringComparison.Ordinal));

        var verdict = await VerifyAsync(world, http
            ? HttpEvent("POST", "/echo/orders", string.Empty, headers, tampered, SchemeIds.SignatureSdk)
            : RestEvent("POST", "/echo/orders", headers, tampered, SchemeIds.SignatureSdk));

        Assert.False(verdict.IsAllowed);
        Assert.Equal(403, verdict.StatusCode);
        Assert.Equal(ErrorCodes.InvalidSignature, verdict.ErrorCode);
        var response = JsonNode.Parse(verdict.ToProxyResponse())!;
        Assert.Equal(403, (int)response["statusCode"]!);
        Assert.Equal(ErrorCodes.InvalidSignature, (string?)response["headers"]!["X-Ca-Error-Code"]);
        Assert.False(string.IsNullOrEmpty((string?)response["headers"]!["X-Ca-Error-Message"]));
        Assert.Equal(ErrorCodes.InvalidSignature, (string?)JsonNode.Parse((string)response["body"]!)!["errorCode"]);
    }

    [Fact]
    public async Task A_deferred_alibaba_form_signature_verifies_and_a_changed_field_is_refused()
    {
        using var world = await CreateAsync();
        const string type = "application/x-www-form-urlencoded; charset=UTF-8";
        var headers = world.Sign(SchemeIds.SignatureCa, "POST", "/echo/form?x=1", type, FormBytes);
        var query = new Dictionary<string, string[]> { ["x"] = ["1"] };
        var changed = Encoding.UTF8.GetBytes(Form.Replace("qty=2", "qty=3", StringComparison.Ordinal));

        var valid = await VerifyAsync(world, RestEvent("POST", "/echo/form", headers, FormBytes, SchemeIds.SignatureCa, query: query));
        var tampered = await VerifyAsync(world, RestEvent("POST", "/echo/form", headers, changed, SchemeIds.SignatureCa, query: query));
        var viaHttp = await VerifyAsync(world, HttpEvent("POST", "/echo/form", "x=1", headers, FormBytes, SchemeIds.SignatureCa));

        Assert.True(valid.IsAllowed, valid.Message);
        Assert.True(viaHttp.IsAllowed, viaHttp.Message);
        Assert.Equal(ErrorCodes.InvalidSignature, tampered.ErrorCode);
    }

    [Fact]
    public async Task Without_a_deferral_in_the_context_the_signature_is_left_to_the_authorizer()
    {
        using var world = await CreateAsync();
        var headers = world.Sign(SchemeIds.SignatureSdk, "POST", "/echo/orders", "application/json", JsonBytes);
        var other = Encoding.UTF8.GetBytes("{}");

        var verdict = await VerifyAsync(world, RestEvent("POST", "/echo/orders", headers, other, deferred: null));

        Assert.True(verdict.IsAllowed);
        Assert.False(verdict.CompletedDeferral);
    }

    [Fact]
    public async Task A_deferral_for_a_request_without_a_signature_is_refused()
    {
        using var world = await CreateAsync();

        var verdict = await VerifyAsync(world, RestEvent("POST", "/echo/orders", [new("Content-Type", "application/json")], JsonBytes, SchemeIds.SignatureSdk));

        Assert.Equal(403, verdict.StatusCode);
        Assert.Equal(ErrorCodes.AmbiguousCredentials, verdict.ErrorCode);
    }

    [Fact]
    public async Task An_empty_body_passes_with_matching_digests_of_nothing()
    {
        using var world = await CreateAsync();
        var headers = new List<KeyValuePair<string, string>> { new("X-Sdk-Content-Sha256", Authorizer.Core.Signing.SdkCanonicalizer.EmptyPayloadHash) };

        var rest = await VerifyAsync(world, RestEvent("GET", "/echo/a", headers, [], deferred: null));
        var http = await VerifyAsync(world, HttpEvent("GET", "/echo/a", string.Empty, headers, [], deferred: null));

        Assert.True(rest.IsAllowed, rest.Message);
        Assert.True(http.IsAllowed, http.Message);
    }

    [Fact]
    public async Task A_digest_header_sent_twice_is_refused_on_both_payload_versions()
    {
        using var world = await CreateAsync();
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(JsonBytes));
        var headers = new List<KeyValuePair<string, string>> { new("X-Sdk-Content-Sha256", sha), new("X-Sdk-Content-Sha256", sha) };

        var rest = await VerifyAsync(world, RestEvent("POST", "/echo/a", headers, JsonBytes, deferred: null));
        var http = await VerifyAsync(world, HttpEvent("POST", "/echo/a", string.Empty, headers, JsonBytes, deferred: null));

        Assert.Equal((400, BackendErrorCodes.BodyIntegrity), (rest.StatusCode, rest.ErrorCode));
        Assert.Equal((400, BackendErrorCodes.BodyIntegrity), (http.StatusCode, http.ErrorCode));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_over_the_limit_is_a_413_before_any_check(bool base64)
    {
        using var world = await CreateAsync();
        var options = new BackendOptions { MaxBodyBytes = 16 };
        var big = new byte[17];

        var verdict = await VerifyAsync(world, RestEvent("POST", "/echo/a", [], big, SchemeIds.SignatureSdk, base64), options);
        var atLimit = await VerifyAsync(world, RestEvent("POST", "/echo/a", [], big[..16], deferred: null, base64), options);

        Assert.Equal((413, BackendErrorCodes.BodyTooLarge), (verdict.StatusCode, verdict.ErrorCode));
        Assert.True(atLimit.IsAllowed);
    }

    [Theory]
    [InlineData("{\"path\":")]
    [InlineData("[]")]
    [InlineData("{\"httpMethod\":\"GET\"}")]
    [InlineData("{\"httpMethod\":\"GET\",\"requestContext\":{\"apiId\":\"a\"},\"body\":\"%%%\",\"isBase64Encoded\":true}")]
    public async Task A_malformed_event_is_a_400_not_a_crash(string json)
    {
        using var world = await CreateAsync();

        var (verdict, request) = await world.Verifier().VerifyEventAsync(Encoding.UTF8.GetBytes(json));

        Assert.Null(request);
        Assert.Equal((400, BackendErrorCodes.InvalidEvent), (verdict.StatusCode, verdict.ErrorCode));
    }

    [Fact]
    public void Options_refuse_a_limit_that_is_not_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackendOptions { MaxBodyBytes = 0 });
}
