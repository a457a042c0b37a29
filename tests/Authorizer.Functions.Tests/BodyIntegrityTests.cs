using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Authorizer.Functions.BodyIntegrity;
using Authorizer.Functions.Events;

namespace Authorizer.Functions.Tests;

public sealed class BodyIntegrityTests
{
    private const string Body = "{\"a\":1,\"name\":\"Zoë\"}";

#pragma warning disable CA5351 // The header is defined as MD5.
    private static string Md5(string text) => Convert.ToBase64String(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static RestProxyRequest Request(Dictionary<string, string?> headers, string? body = Body, bool base64 = false) => new()
    {
        Headers = headers,
        Body = body,
        IsBase64Encoded = base64,
    };

    [Fact]
    public void No_digest_headers_pass() =>
        Assert.True(BodyIntegrityCheck.Check(Request([])).IsValid);

    [Fact]
    public void Matching_content_md5_passes_case_insensitively() =>
        Assert.True(BodyIntegrityCheck.Check(Request(new() { ["content-md5"] = Md5(Body) })).IsValid);

    [Fact]
    public void Mismatching_content_md5_fails()
    {
        var result = BodyIntegrityCheck.Check(Request(new() { ["Content-MD5"] = Md5(Body + " ") }));

        Assert.False(result.IsValid);
        Assert.Contains("Content-MD5", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Content_md5_that_is_not_an_md5_fails() =>
        Assert.False(BodyIntegrityCheck.Check(Request(new() { ["Content-MD5"] = "not base64!" })).IsValid);

    [Fact]
    public void Matching_sha256_passes_in_either_hex_case()
    {
        Assert.True(BodyIntegrityCheck.Check(Request(new() { ["X-Sdk-Content-Sha256"] = Sha256(Body) })).IsValid);
        Assert.True(BodyIntegrityCheck.Check(Request(new() { ["x-sdk-content-sha256"] = Sha256(Body).ToUpperInvariant() })).IsValid);
    }

    [Fact]
    public void Mismatching_sha256_fails() =>
        Assert.False(BodyIntegrityCheck.Check(Request(new() { ["X-Sdk-Content-Sha256"] = Sha256("other") })).IsValid);

    [Fact]
    public void Unsigned_payload_skips_the_sha256_check() =>
        Assert.True(BodyIntegrityCheck.Check(Request(new() { ["X-Sdk-Content-Sha256"] = "UNSIGNED-PAYLOAD" })).IsValid);

    [Fact]
    public void Both_headers_must_match()
    {
        Assert.True(BodyIntegrityCheck.Check(Request(new() { ["Content-MD5"] = Md5(Body), ["X-Sdk-Content-Sha256"] = Sha256(Body) })).IsValid);
        Assert.False(BodyIntegrityCheck.Check(Request(new() { ["Content-MD5"] = Md5(Body), ["X-Sdk-Content-Sha256"] = Sha256("x") })).IsValid);
    }

    [Fact]
    public void Base64_encoded_bodies_are_checked_as_their_bytes()
    {
        var bytes = new byte[] { 0, 1, 2, 255, 254 };
        var request = new RestProxyRequest
        {
            Headers = new() { ["X-Sdk-Content-Sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)) },
            Body = Convert.ToBase64String(bytes),
            IsBase64Encoded = true,
        };

        Assert.True(BodyIntegrityCheck.Check(request).IsValid);
        Assert.False(BodyIntegrityCheck.Check(request with { IsBase64Encoded = false }).IsValid);
    }

    [Fact]
    public void Invalid_base64_body_fails() =>
        Assert.False(BodyIntegrityCheck.Check(Request(new() { ["Content-MD5"] = Md5("") }, "%%%", base64: true)).IsValid);

    [Fact]
    public void Absent_body_is_checked_as_empty() =>
        Assert.True(BodyIntegrityCheck.Check(Request(new() { ["X-Sdk-Content-Sha256"] = Sha256("") }, body: null)).IsValid);

    [Fact]
    public void Repeated_digest_header_fails()
    {
        var request = new RestProxyRequest
        {
            MultiValueHeaders = new() { ["Content-MD5"] = [Md5(Body), Md5(Body)] },
            Body = Body,
        };

        Assert.False(BodyIntegrityCheck.Check(request).IsValid);
    }

    [Fact]
    public void Error_response_is_a_400_with_a_json_error()
    {
        var response = BodyIntegrityCheck.ToErrorResponse(BodyIntegrityResult.Invalid("Content-MD5 does not match the body."));

        Assert.Equal(400, response.StatusCode);
        var body = JsonNode.Parse(response.Body!)!;
        Assert.Equal("body_integrity", (string?)body["error"]);
        Assert.Equal("Content-MD5 does not match the body.", (string?)body["message"]);
    }
}
