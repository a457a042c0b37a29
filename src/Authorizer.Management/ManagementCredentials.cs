using Authorizer.Core.Secrets;

namespace Authorizer.Management;

/// <summary>Identifiers and credentials for apps, from Core's generator; AppCodes are kept only as their hash.</summary>
internal static class ManagementCredentials
{
    public static string NewId() => CredentialGenerator.NewId();

    public static string NewAppKey() => CredentialGenerator.NewAppKey();

    /// <summary>The HMAC key is the UTF-8 of this string, as the peers' SDKs use it.</summary>
    public static string NewAppSecret() => CredentialGenerator.NewAppSecret();

    public static string NewAppCode() => CredentialGenerator.NewAppCode();

    public static string HashAppCode(string code) => AppCodeHasher.Hash(code);

    public static string Last4(string code) => code.Length <= 4 ? code : code[^4..];
}
