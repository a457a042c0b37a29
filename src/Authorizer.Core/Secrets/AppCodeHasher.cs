namespace Authorizer.Core.Secrets;

/// <summary>AppCodes are stored and looked up by their SHA-256, never in clear.</summary>
public static class AppCodeHasher
{
    /// <summary>Lower-case hex SHA-256 of the code's UTF-8 bytes.</summary>
    public static string Hash(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        Span<byte> hash = stackalloc byte[32];
        Signing.ReusedHashes.Sha256(code, hash);
        return Convert.ToHexStringLower(hash);
    }
}
