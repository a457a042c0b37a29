using Authorizer.Core.Decisions;
using Authorizer.Core.Jwt;
using static Authorizer.Core.Tests.Jwt.JwtFixtures;

namespace Authorizer.Core.Tests.Jwt;

/// <summary>The verifier keeps parsed headers: a kept header changes no verdict, bad headers are not kept, and the memory is bounded.</summary>
public sealed class JwtHeaderMemoryTests : IDisposable
{
    private readonly JwtSigner _signer = JwtSigner.Create(JwtAlgorithm.ES256, "k1");
    private readonly JwtVerifier _verifier = new(rememberVerified: false);

    public void Dispose() => _signer.Dispose();

    [Fact]
    public void A_remembered_header_still_needs_each_tokens_own_signature_and_claims()
    {
        var provider = Provider(JwtSigner.Jwks(_signer));
        Assert.True(_verifier.Verify(_signer.Sign(Payload()), provider, Now).IsValid);
        Assert.Equal(1, _verifier.RememberedHeaders);

        var good = _signer.Sign(Payload());
        var forged = good[..(good.LastIndexOf('.') + 1)] + _signer.Sign(Payload())[(good.LastIndexOf('.') + 1)..];
        Assert.True(_verifier.Verify(forged, provider, Now).IsBadSignature);
        Assert.Equal(ErrorCodes.TokenExpired, _verifier.Verify(_signer.Sign(Payload(exp: NowSeconds - 1)), provider, Now).ErrorCode);
        Assert.Equal(ErrorCodes.UnknownKey, _verifier.Verify(_signer.Sign(Payload()), Provider(JwtSigner.Jwks(JwtSigner.Create(JwtAlgorithm.ES256, "k2"))), Now).ErrorCode);
        Assert.True(_verifier.Verify(good, provider, Now).IsValid);
        Assert.Equal(1, _verifier.RememberedHeaders);
    }

    [Fact]
    public void Refused_headers_are_not_remembered_and_the_memory_stays_bounded()
    {
        var provider = Provider(JwtSigner.Jwks(_signer));
        Assert.False(_verifier.Verify(_signer.SignRaw("{\"alg\":\"ES256\",\"crit\":[\"b64\"]}", Payload()), provider, Now).IsValid);
        Assert.Equal(0, _verifier.RememberedHeaders);

        for (var i = 0; i < 3 * JwtVerifier.MaxRememberedHeaders; i++)
        {
            Assert.Equal(ErrorCodes.UnknownKey, _verifier.Verify(_signer.SignRaw($"{{\"alg\":\"ES256\",\"kid\":\"other-{i}\"}}", Payload()), provider, Now).ErrorCode);
        }

        Assert.Equal(JwtVerifier.MaxRememberedHeaders, _verifier.RememberedHeaders);
        Assert.True(_verifier.Verify(_signer.Sign(Payload()), provider, Now).IsValid);
    }
}
