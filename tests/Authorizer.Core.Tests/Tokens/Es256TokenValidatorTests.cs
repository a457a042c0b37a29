using System.Security.Cryptography;
using System.Text;
using Authorizer.Core.Tokens;

namespace Authorizer.Core.Tests.Tokens;

public sealed class Es256TokenValidatorTests
{
    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Theory]
    [InlineData("{\"alg\":\"ES256\",\"kid\":\"\xFF\"}")]
    [InlineData("{\"alg\":\"\xC3\x28\",\"kid\":\"k1\"}")]
    [InlineData("{\"alg\":\"ES256\",\"typ\":\"\xED\xA0\x80\",\"kid\":\"k1\"}")]
    public void A_header_with_invalid_utf8_is_refused_not_thrown(string latin1Header)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var validator = new Es256TokenValidator([new TokenVerificationKey("k1", key.ExportParameters(false))], TimeProvider.System);

        // The header's bytes as written (Latin-1 keeps each char as one byte), so the JSON holds raw invalid UTF-8.
        var header = Encoding.Latin1.GetBytes(latin1Header);
        var token = $"{B64(header)}.{B64("{}"u8.ToArray())}.{B64(new byte[64])}";

        var result = validator.Validate(token);

        Assert.False(result.IsValid);
    }
}
