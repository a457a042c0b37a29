using System.Security.Cryptography;
using Authorizer.Core.Store;

namespace Authorizer.Core.Verification;

internal enum SecretMatch
{
    None,
    Usable,
    Expired,
}

/// <summary>
/// Tries a check against every secret of an app (grace-period secrets included until their NotAfter), or
/// against a dummy secret when the key is unknown so that unknown keys cost the same work.
/// </summary>
internal static class SecretMatcher
{
    private static readonly SecretMaterial[] DummySecrets = [new SecretMaterial(RandomNumberGenerator.GetBytes(43), null)];

    public static IReadOnlyList<SecretMaterial> SecretsOrDummy(ResolvedApp? app) =>
        app is null || app.Secrets.Count == 0 ? DummySecrets : app.Secrets;

    /// <summary>Every secret is tried (no early exit); a usable match wins over a match of a retired secret.</summary>
    public static SecretMatch Match(IReadOnlyList<SecretMaterial> secrets, DateTimeOffset now, Func<byte[], bool> matches)
    {
        var result = SecretMatch.None;
        foreach (var secret in secrets)
        {
            if (matches(secret.Secret))
            {
                if (secret.IsUsableAt(now))
                {
                    result = SecretMatch.Usable;
                }
                else if (result == SecretMatch.None)
                {
                    result = SecretMatch.Expired;
                }
            }
        }

        return result;
    }

    /// <summary>Constant-time equality of a presented secret with a stored one, independent of their lengths.</summary>
    public static bool SecretEquals(string presented, byte[] stored)
    {
        Span<byte> left = stackalloc byte[32];
        Span<byte> right = stackalloc byte[32];
        Signing.ReusedHashes.Sha256(presented, left);
        Signing.ReusedHashes.Sha256(stored, right);
        return CryptographicOperations.FixedTimeEquals(left, right);
    }
}
