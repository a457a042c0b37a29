using System.Security.Cryptography;

namespace Authorizer.Core.Jwt;

/// <summary>
/// The JWS algorithms accepted: asymmetric only. HMAC (<c>HS*</c>) and <c>none</c> are absent by design, so no
/// header can make a public key act as a shared secret. EdDSA is absent because .NET 10's
/// <c>System.Security.Cryptography</c> has no Ed25519 and this project adds no crypto package for it.
/// </summary>
public sealed class JwtAlgorithm
{
    public static readonly JwtAlgorithm RS256 = new("RS256", JwtKeyType.Rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, null, 0);
    public static readonly JwtAlgorithm RS384 = new("RS384", JwtKeyType.Rsa, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1, null, 0);
    public static readonly JwtAlgorithm RS512 = new("RS512", JwtKeyType.Rsa, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1, null, 0);
    public static readonly JwtAlgorithm PS256 = new("PS256", JwtKeyType.Rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pss, null, 0);
    public static readonly JwtAlgorithm PS384 = new("PS384", JwtKeyType.Rsa, HashAlgorithmName.SHA384, RSASignaturePadding.Pss, null, 0);
    public static readonly JwtAlgorithm PS512 = new("PS512", JwtKeyType.Rsa, HashAlgorithmName.SHA512, RSASignaturePadding.Pss, null, 0);
    public static readonly JwtAlgorithm ES256 = new("ES256", JwtKeyType.Ec, HashAlgorithmName.SHA256, null, "P-256", 64);
    public static readonly JwtAlgorithm ES384 = new("ES384", JwtKeyType.Ec, HashAlgorithmName.SHA384, null, "P-384", 96);
    public static readonly JwtAlgorithm ES512 = new("ES512", JwtKeyType.Ec, HashAlgorithmName.SHA512, null, "P-521", 132);

    public static readonly IReadOnlyList<JwtAlgorithm> All = [RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512];

    /// <summary>The names of <see cref="All"/>, the default for a provider's allowed algorithms.</summary>
    public static readonly IReadOnlyList<string> AllNames = [.. All.Select(a => a.Name)];

    private JwtAlgorithm(string name, JwtKeyType keyType, HashAlgorithmName hash, RSASignaturePadding? padding, string? curve, int signatureLength)
    {
        Name = name;
        KeyType = keyType;
        Hash = hash;
        Padding = padding;
        Curve = curve;
        SignatureLength = signatureLength;
    }

    public string Name { get; }

    internal JwtKeyType KeyType { get; }

    internal HashAlgorithmName Hash { get; }

    internal RSASignaturePadding? Padding { get; }

    /// <summary>The JWK <c>crv</c> an EC algorithm is bound to (RFC 7518 §3.4); null for RSA.</summary>
    internal string? Curve { get; }

    /// <summary>The fixed IEEE P1363 signature length of an EC algorithm; 0 for RSA (the modulus length).</summary>
    internal int SignatureLength { get; }

    /// <summary>The algorithm named exactly <paramref name="name"/> (case-sensitive, as RFC 7515 says), or null.</summary>
    public static JwtAlgorithm? Find(string? name)
    {
        foreach (var algorithm in All)
        {
            if (string.Equals(algorithm.Name, name, StringComparison.Ordinal))
            {
                return algorithm;
            }
        }

        return null;
    }

    public override string ToString() => Name;
}

internal enum JwtKeyType
{
    Rsa,
    Ec,
}
