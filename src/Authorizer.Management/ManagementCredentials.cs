using System.Security.Cryptography;
using System.Text;

namespace Authorizer.Management;

/// <summary>Random identifiers and credentials for apps, and the AppCode hash the authorizer looks codes up by.</summary>
internal static class ManagementCredentials
{
    /// <summary>Opaque id: 16 random bytes, lower-case hex.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Public AppKey: 16 random bytes, lower-case hex (safe in headers, query strings and Basic credentials).</summary>
    public static string NewAppKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>AppSecret: 32 random bytes, base64url. The HMAC key is the UTF-8 of this string, as the peers' SDKs use it.</summary>
    public static string NewAppSecret() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>AppCode: 32 random bytes, lower-case hex.</summary>
    public static string NewAppCode() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string HashAppCode(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));

    public static string Last4(string code) => code.Length <= 4 ? code : code[^4..];
}
