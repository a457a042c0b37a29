using Authorizer.Core.Requests;

namespace Authorizer.Core.Tests;

public sealed class KnownHeaderNamesTests
{
    [Theory]
    [InlineData("X-Ca-Key")]
    [InlineData("x-ca-key")]
    [InlineData("X-CA-KEY")]
    [InlineData("Content-MD5")]
    [InlineData("X-Custom-Header")]
    [InlineData("authorızation")]
    [InlineData("AUTHORİZATION")]
    [InlineData("Straße")]
    [InlineData("")]
    public void LowerInvariant_returns_what_ToLowerInvariant_returns(string name) =>
        Assert.Equal(name.ToLowerInvariant(), KnownHeaderNames.LowerInvariant(name));

    [Fact]
    public void A_common_name_in_any_ascii_case_lowers_to_one_shared_instance() =>
        Assert.Same(KnownHeaderNames.LowerInvariant("X-Ca-Timestamp"), KnownHeaderNames.LowerInvariant("x-CA-timestamp"));

    [Theory]
    [InlineData("Authorization")]
    [InlineData("authorization")]
    [InlineData("X-Sdk-Date")]
    public void A_common_name_spelled_as_listed_or_lower_case_is_a_shared_instance(string name)
    {
        var first = KnownHeaderNames.AsSent(name.AsSpan());
        Assert.Equal(name, first);
        Assert.Same(first, KnownHeaderNames.AsSent(name.AsSpan()));
    }

    [Theory]
    [InlineData("AUTHORIZATION")]
    [InlineData("X-Custom-Header")]
    public void Any_other_spelling_is_kept_as_sent(string name) =>
        Assert.Equal(name, KnownHeaderNames.AsSent(name.AsSpan()));
}
