namespace Authorizer.Core.Signing;

/// <summary>The HMAC of an Alibaba-style signature, named as in <c>X-Ca-Signature-Method</c>.</summary>
public enum CaSignatureMethod
{
    HmacSha256,
    HmacSha1,
}
