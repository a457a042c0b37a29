using Authorizer.Core.Credentials;
using static Authorizer.Core.Tests.Support.TestWorld;

namespace Authorizer.Core.Tests.Credentials;

/// <summary>A bearer token stays a slice of its header: found without a copy, compared by its text, never printed.</summary>
public sealed class TokenCredentialTests
{
    private static readonly string Token = "eyJhbGciOiJFUzI1NiJ9." + new string('p', 300) + "." + new string('s', 86);

    [Theory]
    [InlineData("Authorization", "Bearer ")]
    [InlineData("Authorization", "  bearer   ")]
    [InlineData("X-Auth-Token", "")]
    public void A_token_is_found_as_the_exact_text_after_its_scheme_word(string header, string prefix)
    {
        var request = Request("GET", "http://127.0.0.1:3000/echo/a", [H(header, prefix + Token + "  ")]);

        var credential = Assert.IsType<TokenCredential>(CredentialExtractor.Extract(request).Credential);

        Assert.Equal(Token, credential.Token.ToString());
    }

    [Fact]
    public void Finding_a_bearer_token_does_not_copy_it_out_of_the_header()
    {
        var request = Request("GET", "http://127.0.0.1:3000/echo/a", [H("Authorization", "Bearer " + Token)]);
        CredentialExtractor.Extract(request);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var extraction = CredentialExtractor.Extract(request);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.IsType<TokenCredential>(extraction.Credential);
        Assert.True(allocated < Token.Length * sizeof(char), $"{allocated} bytes allocated for a {Token.Length}-character token");
    }

    [Fact]
    public void Two_credentials_with_the_same_token_text_are_equal_wherever_the_text_sits()
    {
        var header = "Bearer " + Token;

        Assert.Equal(new TokenCredential(Token), new TokenCredential(header.AsMemory(7)));
        Assert.NotEqual(new TokenCredential(Token), new TokenCredential(header.AsMemory(6)));
    }

    [Fact]
    public void A_token_credential_prints_its_length_and_never_the_token()
    {
        var printed = new TokenCredential(Token).ToString();

        Assert.DoesNotContain(Token[..20], printed, StringComparison.Ordinal);
        Assert.Contains(Token.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), printed, StringComparison.Ordinal);
    }
}
