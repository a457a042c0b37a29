using Authorizer.Core.Signing;

namespace Authorizer.Core.Tests;

public sealed class CanonicalizationTests
{
    [Theory]
    [InlineData("/echo/北京/x y", "/echo/%E5%8C%97%E4%BA%AC/x%20y")]
    [InlineData("/a%b?c#d", "/a%25b%3Fc%23d")]
    [InlineData("/plain/path-_.~!$&'()*+,;=:@", "/plain/path-_.~!$&'()*+,;=:@")]
    [InlineData("/emoji/😀", "/emoji/%F0%9F%98%80")]
    [InlineData("/tab\there", "/tab%09here")]
    public void Decoded_path_is_re_encoded_for_the_wire(string decoded, string expected)
    {
        Assert.Equal(expected, PercentEncoding.EncodeDecodedPath(decoded));
    }

    [Theory]
    [InlineData("/echo/hw", "/echo/hw/")]
    [InlineData("/echo/hw/", "/echo/hw/")]
    [InlineData("/", "/")]
    [InlineData("", "/")]
    [InlineData("/echo/%E5%8C%97%E4%BA%AC/x", "/echo/%E5%8C%97%E4%BA%AC/x/")]
    [InlineData("/echo/北京/x", "/echo/%E5%8C%97%E4%BA%AC/x/")]
    [InlineData("/a b/c+d/e*f", "/a%20b/c%2Bd/e%2Af/")]
    [InlineData("/a%20b", "/a%20b/")]
    public void Sdk_canonical_uri_decodes_then_encodes_each_segment(string path, string expected)
    {
        Assert.Equal(expected, SdkCanonicalizer.CanonicalUri(path));
    }

    [Fact]
    public void Sdk_canonical_query_sorts_names_and_repeated_values()
    {
        var query = new[] { KeyValuePair.Create("b", "2"), KeyValuePair.Create("a", "z"), KeyValuePair.Create("a", "y"), KeyValuePair.Create("e", "") };

        Assert.Equal("a=y&a=z&b=2&e=", SdkCanonicalizer.CanonicalQuery(query));
    }

    [Fact]
    public void Ca_repeated_query_name_joins_its_values_with_commas_in_arrival_order()
    {
        // The official aliyun-api-gateway client stringifies a repeated name's array: "tag=z,a", unsorted.
        var query = new[] { KeyValuePair.Create("tag", "z"), KeyValuePair.Create("a", "1"), KeyValuePair.Create("tag", "a"), KeyValuePair.Create("e", ""), KeyValuePair.Create("e", "") };

        Assert.Equal("/echo/items?a=1&e=,&tag=z,a", CaCanonicalizer.BuildPathAndParameters("/echo/items", query));
    }

    [Fact]
    public void Ca_path_and_parameters_sort_by_name_and_keep_decoded_values()
    {
        var query = new[] { KeyValuePair.Create("sym", "a+b=c&d"), KeyValuePair.Create("name", "Zoë 北京"), KeyValuePair.Create("flag", "") };

        Assert.Equal("/echo/q?flag&name=Zoë 北京&sym=a+b=c&d", CaCanonicalizer.BuildPathAndParameters("/echo/q", query));
    }

    [Fact]
    public void Ca_signed_header_names_are_lower_cased_sorted_and_distinct()
    {
        Assert.Equal(["x-a", "x-b"], CaCanonicalizer.ParseSignedHeaderNames(" X-B, x-a,x-b,,X-Ca-Signature"));
    }

    [Fact]
    public void Display_form_shows_newlines_as_hashes()
    {
        Assert.Equal("GET#a##/p", CaCanonicalizer.ForDisplay("GET\na\n\n/p"));
    }

    [Theory]
    [InlineData("SDK-HMAC-SHA256 Access=k, SignedHeaders=host;x-sdk-date, Signature=ab", true)]
    [InlineData("sdk-hmac-sha256 Access=k,SignedHeaders=Host,Signature=ab", true)]
    [InlineData("SDK-HMAC-SHA256 Access=k, Access=j, SignedHeaders=host, Signature=ab", false)]
    [InlineData("SDK-HMAC-SHA256 Access=k, SignedHeaders=host", false)]
    [InlineData("SDK-HMAC-SHA256 Access=k, SignedHeaders=host;;x, Signature=ab", false)]
    [InlineData("SDK-HMAC-SHA256 Access=k, Foo=bar, SignedHeaders=host, Signature=ab", false)]
    [InlineData("SDK-HMAC-SHA256", false)]
    public void Sdk_authorization_parsing(string value, bool valid)
    {
        Assert.Equal(valid, SdkCanonicalizer.TryParseAuthorization(value, out var parsed));
        if (valid)
        {
            Assert.Equal("k", parsed!.AppKey);
            Assert.Equal("ab", parsed.Signature);
            Assert.Equal("host", parsed.SignedHeaders[0]);
        }
    }

    [Fact]
    public void Query_parsing_decodes_escapes_and_keeps_plus_and_repeats()
    {
        var pairs = SignableRequest.ParseQuery("?a=1&a=2&b=x+y%2Bz&c&=v&d=%E5%8C%97");

        Assert.Equal(
            [KeyValuePair.Create("a", "1"), KeyValuePair.Create("a", "2"), KeyValuePair.Create("b", "x+y+z"), KeyValuePair.Create("c", ""), KeyValuePair.Create("", "v"), KeyValuePair.Create("d", "北")],
            pairs);
    }
}
