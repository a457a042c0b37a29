using Authorizer.Core.Signing;

namespace Authorizer.Core.Tests;

/// <summary>The throttle's cheap read of an SDK Authorization's AppKey accepts exactly what the verifier's parse accepts.</summary>
public sealed class SdkAppKeyReadTests
{
    [Theory]
    [InlineData("SDK-HMAC-SHA256 Access=key-1, SignedHeaders=host;x-sdk-date, Signature=" + Hex)]
    [InlineData("SDK-HMAC-SHA256 Access=key-1,SignedHeaders=Host;X-Sdk-Date;X-Custom,Signature=" + Hex)]
    [InlineData("SDK-HMAC-SHA256   Access = key-2 ,  SignedHeaders = host , Signature = abc")]
    [InlineData("SDK-HMAC-SHA256 Access=key-1, SignedHeaders=host;;x-sdk-date, Signature=" + Hex)]
    [InlineData("SDK-HMAC-SHA256 Access=key-1, SignedHeaders=host; ;x-sdk-date, Signature=" + Hex)]
    [InlineData("SDK-HMAC-SHA256 Access=, SignedHeaders=host, Signature=" + Hex)]
    [InlineData("SDK-HMAC-SHA256 Access=key-1, Access=key-2, SignedHeaders=host, Signature=" + Hex)]
    [InlineData("SDK-HMAC-SHA256 Access=key-1, SignedHeaders=host")]
    [InlineData("SDK-HMAC-SHA256 Access=key-1, SignedHeaders=host, Signature=" + Hex + ", Extra=1")]
    [InlineData("SDK-HMAC-SHA256 Access=key-1 SignedHeaders=host Signature=" + Hex)]
    [InlineData("SDK-HMAC-SHA256")]
    [InlineData("Basic a2V5OnNlY3JldA==")]
    [InlineData("")]
    public void The_claimed_app_key_is_read_exactly_when_the_full_parse_succeeds(string authorization)
    {
        var names = default(HeaderNameList);
        try
        {
            var parsed = SdkCanonicalizer.TryParseAuthorization(authorization, out var parsedKey, out _, ref names);

            var read = SdkCanonicalizer.TryReadAppKey(authorization, out var readKey);

            Assert.Equal(parsed, read);
            Assert.Equal(parsedKey, readKey);
        }
        finally
        {
            names.Dispose();
        }
    }

    private const string Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
}
