using System.Security.Cryptography;

namespace Authorizer.Core.Secrets;

/// <summary>New identifiers and secrets, all from <see cref="RandomNumberGenerator"/>.</summary>
public static class CredentialGenerator
{
    /// <summary>A 12-digit numeric AppKey (first digit non-zero), in the style of the peers' gateways.</summary>
    public static string NewAppKey()
    {
        Span<char> digits = stackalloc char[12];
        digits[0] = (char)('1' + RandomNumberGenerator.GetInt32(9));
        for (var i = 1; i < digits.Length; i++)
        {
            digits[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
        }

        return new string(digits);
    }

    /// <summary>32 random bytes, base64url without padding (43 characters).</summary>
    public static string NewAppSecret() => Base64Url(32);

    /// <summary>32 random bytes, lower-case hex (64 characters).</summary>
    public static string NewAppCode() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>An opaque id: 16 random bytes, lower-case hex (32 characters).</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static string Base64Url(int bytes)
    {
        return Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes))
            .TrimEnd('=')
            .Replace('+', '-')
            .Replace('/', '_');
    }
}
