using Authorizer.Interop.Tests.Corpus;

namespace Authorizer.Interop.Tests;

/// <summary>The signed corpus is what the tests rely on: every case present, both SDKs, every method.</summary>
[Collection(SignedCorpusGroup.Name)]
public sealed class CorpusShapeTests(CorpusFixture fixture)
{
    private readonly SignedCorpus _corpus = fixture.Corpus;

    [Fact]
    public void The_script_signs_exactly_the_known_cases()
    {
        Assert.Equal(CaseNames.All, _corpus.Cases.Select(c => c.Name));
        Assert.True(_corpus.Cases.Count >= 20, $"only {_corpus.Cases.Count} cases");
        Assert.Equal(CorpusFixture.AppKey, _corpus.AppKey);
    }

    [Fact]
    public void Both_sdks_sign_every_method()
    {
        foreach (var sdk in new[] { SignedCase.AliyunSdk, SignedCase.HuaweiSdk })
        {
            var methods = _corpus.Cases.Where(c => c.Sdk == sdk).Select(c => c.Method).ToHashSet();
            Assert.Superset(new HashSet<string> { "GET", "POST", "PUT", "DELETE" }, methods);
        }
    }

    [Fact]
    public void The_script_and_the_tests_agree_on_which_cases_are_rejected()
    {
        var fromScript = _corpus.Cases
            .Where(c => c.ExpectedVerdict != SignedCase.Accept)
            .ToDictionary(c => c.Name, c => c.ExpectedCode);
        Assert.All(_corpus.Cases, c => Assert.Contains(c.ExpectedVerdict, new[] { SignedCase.Accept, SignedCase.Reject }));
        Assert.Equal(
            CaseNames.Rejected.OrderBy(p => p.Key, StringComparer.Ordinal),
            fromScript.OrderBy(p => p.Key, StringComparer.Ordinal)!);
    }

    [Fact]
    public void Every_case_carries_the_time_it_was_signed_at_and_a_credential()
    {
        Assert.All(_corpus.Cases, c =>
        {
            var signedAt = c.SignedAt();
            Assert.InRange(signedAt, DateTimeOffset.UnixEpoch.AddYears(50), DateTimeOffset.MaxValue);
            if (c.IsAliyun)
            {
                Assert.Equal(CorpusFixture.AppKey, c.Header("X-Ca-Key"));
                Assert.False(string.IsNullOrEmpty(c.Header("X-Ca-Signature")), c.Name);
            }
            else
            {
                Assert.StartsWith($"SDK-HMAC-SHA256 Access={CorpusFixture.AppKey}, SignedHeaders=", c.Header("Authorization"), StringComparison.Ordinal);
            }
        });
    }

    [Fact]
    public void Bodies_are_bound_the_way_each_sdk_binds_them()
    {
        var aliyunJson = _corpus["ali-post-json-content-md5"];
        Assert.False(string.IsNullOrEmpty(aliyunJson.Body));
#pragma warning disable CA5351 // Content-MD5 is the Alibaba protocol's body digest; nothing here relies on MD5 for security.
        Assert.Equal(
            Convert.ToBase64String(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(aliyunJson.Body!))),
            aliyunJson.Header("Content-MD5"));
#pragma warning restore CA5351

        var huaweiJson = _corpus["hw-post-json-content-sha256"];
        Assert.False(string.IsNullOrEmpty(huaweiJson.Body));
        Assert.Equal(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(huaweiJson.Body!))),
            huaweiJson.Header("X-Sdk-Content-Sha256"));
        Assert.Equal("UNSIGNED-PAYLOAD", _corpus["hw-put-text-unsigned-payload"].Header("X-Sdk-Content-Sha256"));
        Assert.Null(_corpus["hw-post-json-without-content-sha256"].Header("X-Sdk-Content-Sha256"));
    }
}
