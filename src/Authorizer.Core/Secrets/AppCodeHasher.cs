using System.Security.Cryptography;
using System.Text;

namespace Authorizer.Core.Secrets;

/// <summary>AppCodes are stored and looked up by their SHA-256, never in clear.</summary>
public static class AppCodeHasher
{
    /// <summary>Lower-case hex SHA-256 of the code's UTF-8 bytes.</summary>
    public static string Hash(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
    }
}
