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
            result = Combine(result, secret, now, matches(secret.Secret));
        }

        return result;
    }

    /// <summary>One step of <see cref="Match"/>, for callers that loop over the secrets themselves (no delegate).</summary>
    public static SecretMatch Combine(SecretMatch result, SecretMaterial secret, DateTimeOffset now, bool matched)
    {
        if (!matched)
        {
            return result;
        }

        if (secret.IsUsableAt(now))
        {
            return SecretMatch.Usable;
        }

        return result == SecretMatch.None ? SecretMatch.Expired : result;
    }

    /// <summary>Constant-time equality of a presented secret with a stored one, independent of their lengths.</summary>
    public static bool SecretEquals(string presented, byte[] stored)
    {
        Span<byte> left = stackalloc byte[32];
        Signing.ReusedHashes.Sha256(presented, left);
        return HashEquals(left, stored);
    }

    /// <summary>Constant-time equality of a presented secret's UTF-8 bytes with a stored one, independent of their lengths.</summary>
    public static bool SecretEquals(ReadOnlySpan<byte> presentedUtf8, byte[] stored)
    {
        Span<byte> left = stackalloc byte[32];
        Signing.ReusedHashes.Sha256(presentedUtf8, left);
        return HashEquals(left, stored);
    }

    private static bool HashEquals(ReadOnlySpan<byte> left, byte[] stored)
    {
        Span<byte> right = stackalloc byte[32];
        Signing.ReusedHashes.Sha256(stored, right);
        return CryptographicOperations.FixedTimeEquals(left, right);
    }
}
