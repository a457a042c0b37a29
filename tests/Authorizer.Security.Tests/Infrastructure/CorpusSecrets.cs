using System.Security.Cryptography;
using System.Text;

namespace Authorizer.Security.Tests.Infrastructure;

/// <summary>
/// The corpus credentials and a signature computation written from docs/authentication.md alone, independent of the product's
/// signer, so that a corpus case signs its hand-written canonical string and nothing of ours.
/// </summary>
internal static class CorpusSecrets
{
    public const string AppKey = "203753391";
    public const string AppSecret = "qB7vXk2LpN9sRt4wYz1cF6hJ0mD3gA8e";

    /// <summary>2026-11-23T09:20:00Z = X-Ca-Timestamp 1795425600000 = X-Sdk-Date 20261123T092000Z.</summary>
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_795_425_600_000);

    public static string CaSignature(string stringToSign, string secret = AppSecret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(stringToSign)));

    public static string SdkSignature(string canonicalRequest, string sdkDate, string secret = AppSecret)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));
        var stringToSign = "SDK-HMAC-SHA256\n" + sdkDate + "\n" + hash;
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(stringToSign)));
    }
}
