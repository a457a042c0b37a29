using System.Text.Json;
using Authorizer.Security.Tests.Infrastructure;

namespace Authorizer.Security.Tests.Corpus;

/// <summary>The corpus itself is complete and the independent signature code agrees with the official SDK vectors.</summary>
public sealed class CorpusShapeTests
{
    [Fact]
    public void Corpus_has_at_least_thirty_cases_each_with_a_variant()
    {
        var cases = CorpusCase.LoadAll();
        Assert.True(cases.Count >= 30, $"only {cases.Count} cases");
        Assert.All(cases, c => Assert.NotEmpty(c.Schemes));
    }

    [Fact]
    public void Every_accept_variant_has_an_expected_string_and_every_reject_names_its_codes()
    {
        foreach (var corpusCase in CorpusCase.LoadAll())
        {
            foreach (var variant in corpusCase.Schemes.Values)
            {
                if (variant.Accept)
                {
                    Assert.True(variant.Expected is not null, $"{corpusCase.Name}/{variant.Scheme}: accept without expected string");
                    Assert.True(variant.Signed is null, $"{corpusCase.Name}/{variant.Scheme}: accept signs something else");
                }
                else
                {
                    Assert.True(variant.Codes.Count > 0, $"{corpusCase.Name}/{variant.Scheme}: reject without codes");
                }

                Assert.False(variant.Expected?.EndsWith('\n') ?? false, $"{corpusCase.Name}/{variant.Scheme}: trailing newline");
            }
        }
    }

    [Fact]
    public void Independent_signature_code_reproduces_the_official_sdk_vectors()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(TestFiles.SignatureVectorsPath));
        var secret = doc.RootElement.GetProperty("appSecret").GetString()!;
        var checkedCount = 0;
        foreach (var vector in doc.RootElement.GetProperty("signatureCa").EnumerateArray())
        {
            var headers = vector.GetProperty("headers");
            Assert.Equal(headers.GetProperty("x-ca-signature").GetString(), CorpusSecrets.CaSignature(vector.GetProperty("stringToSign").GetString()!, secret));
            checkedCount++;
        }

        // The reject vector's signature was made over a different (double-encoded) request on purpose.
        foreach (var vector in doc.RootElement.GetProperty("signatureSdk").EnumerateArray().Where(v => v.GetProperty("verdict").GetString() == "accept"))
        {
            var headers = vector.GetProperty("headers");
            var authorization = headers.GetProperty("Authorization").GetString()!;
            var expected = authorization[(authorization.IndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length)..];
            var actual = CorpusSecrets.SdkSignature(vector.GetProperty("canonicalRequest").GetString()!, headers.GetProperty("X-Sdk-Date").GetString()!, secret);
            Assert.Equal(expected, actual);
            checkedCount++;
        }

        Assert.True(checkedCount >= 10);
    }
}
