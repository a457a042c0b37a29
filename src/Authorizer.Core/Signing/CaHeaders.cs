namespace Authorizer.Core.Signing;

/// <summary>Header names of the Alibaba-style (<c>signature-ca</c>) scheme.</summary>
public static class CaHeaders
{
    public const string Key = "X-Ca-Key";
    public const string Signature = "X-Ca-Signature";
    public const string SignatureMethod = "X-Ca-Signature-Method";
    public const string SignatureHeaders = "X-Ca-Signature-Headers";
    public const string Timestamp = "X-Ca-Timestamp";
    public const string Nonce = "X-Ca-Nonce";
    public const string Stage = "X-Ca-Stage";

    public const string HmacSha256Name = "HmacSHA256";
    public const string HmacSha1Name = "HmacSHA1";
}
