using System.Security.Cryptography;
using System.Text;
using Authorizer.Core.Requests;

namespace Authorizer.Backend.Tests;

public sealed class BodyIntegrityCheckTests
{
    private const string Body = "{\"a\":1,\"name\":\"Zoë\"}";

    private static readonly byte[] BodyBytes = Encoding.UTF8.GetBytes(Body);

#pragma warning disable CA5351 // The header is defined as MD5.
    private static string Md5(string text) => Convert.ToBase64String(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static HeaderMap Headers(params (string Name, string Value)[] headers)
    {
        var map = new HeaderMap();
        foreach (var (name, value) in headers)
        {
            map.Add(name, value);
        }

        return map;
    }

    [Fact]
    public void No_digest_headers_pass() => Assert.Null(BodyIntegrityCheck.Check(Headers(), BodyBytes));

    [Fact]
    public void Matching_content_md5_passes_case_insensitively() =>
        Assert.Null(BodyIntegrityCheck.Check(Headers(("content-md5", Md5(Body))), BodyBytes));

    [Fact]
    public void Mismatching_content_md5_fails() =>
        Assert.Contains("Content-MD5 does not match", BodyIntegrityCheck.Check(Headers(("Content-MD5", Md5(Body + " "))), BodyBytes), StringComparison.Ordinal);

    [Fact]
    public void Content_md5_that_is_not_an_md5_fails() =>
        Assert.NotNull(BodyIntegrityCheck.Check(Headers(("Content-MD5", "not base64!")), BodyBytes));

    [Fact]
    public void Matching_sha256_passes_in_either_hex_case()
    {
        Assert.Null(BodyIntegrityCheck.Check(Headers(("X-Sdk-Content-Sha256", Sha256(Body))), BodyBytes));
        Assert.Null(BodyIntegrityCheck.Check(Headers(("x-sdk-content-sha256", Sha256(Body).ToUpperInvariant())), BodyBytes));
    }

    [Fact]
    public void Mismatching_sha256_fails() =>
        Assert.Contains("does not match", BodyIntegrityCheck.Check(Headers(("X-Sdk-Content-Sha256", Sha256("other"))), BodyBytes), StringComparison.Ordinal);

    [Fact]
    public void Sha256_that_is_not_hex_fails() =>
        Assert.Contains("not a hex SHA-256", BodyIntegrityCheck.Check(Headers(("X-Sdk-Content-Sha256", new string('z', 64))), BodyBytes), StringComparison.Ordinal);

    [Fact]
    public void Unsigned_payload_skips_the_sha256_check() =>
        Assert.Null(BodyIntegrityCheck.Check(Headers(("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD")), BodyBytes));

    [Fact]
    public void Both_headers_must_match()
    {
        Assert.Null(BodyIntegrityCheck.Check(Headers(("Content-MD5", Md5(Body)), ("X-Sdk-Content-Sha256", Sha256(Body))), BodyBytes));
        Assert.NotNull(BodyIntegrityCheck.Check(Headers(("Content-MD5", Md5(Body)), ("X-Sdk-Content-Sha256", Sha256("x"))), BodyBytes));
    }

    [Fact]
    public void An_empty_body_is_checked_as_zero_bytes() =>
        Assert.Null(BodyIntegrityCheck.Check(Headers(("X-Sdk-Content-Sha256", Sha256(string.Empty)), ("Content-MD5", Md5(string.Empty))), []));

    [Fact]
    public void A_repeated_digest_header_fails_even_when_both_values_match() =>
        Assert.Contains("once", BodyIntegrityCheck.Check(Headers(("Content-MD5", Md5(Body)), ("content-md5", Md5(Body))), BodyBytes), StringComparison.Ordinal);

    [Fact]
    public void A_comma_joined_repeat_fails() =>
        Assert.NotNull(BodyIntegrityCheck.Check(Headers(("X-Sdk-Content-Sha256", Sha256(Body) + "," + Sha256(Body))), BodyBytes));
}
