using System.Security.Cryptography;

namespace Authorizer.Core.Jwt;

/// <summary>
/// One public signing key of a JWKS, bound to the algorithms it may verify: its own <c>alg</c> when the JWK names
/// one, else every accepted algorithm of its <c>kty</c> (and, for EC, its curve). A token's <c>alg</c> only selects
/// among those, so an RSA key never verifies an EC signature and no key ever serves as an HMAC secret.
/// </summary>
public sealed class JsonWebKey
{
    /// <summary>RSA moduli below 2048 bits are refused (NIST SP 800-131A).</summary>
    public const int MinRsaBits = 2048;

    public const int MaxRsaBits = 8192;

    private readonly KeyInstancePool<RSA>? _rsa;
    private readonly KeyInstancePool<ECDsa>? _ec;

    private JsonWebKey(string? kid, IReadOnlyList<JwtAlgorithm> algorithms, KeyInstancePool<RSA>? rsa, KeyInstancePool<ECDsa>? ec, int rsaBytes)
    {
        Kid = kid;
        Algorithms = algorithms;
        _rsa = rsa;
        _ec = ec;
        RsaModulusBytes = rsaBytes;
    }

    /// <summary>The key id, or null for a key without one (then it is tried for tokens without <c>kid</c>).</summary>
    public string? Kid { get; }

    public IReadOnlyList<JwtAlgorithm> Algorithms { get; }

    internal int RsaModulusBytes { get; }

    internal static JsonWebKey ForRsa(string? kid, IReadOnlyList<JwtAlgorithm> algorithms, RSAParameters parameters)
    {
        var pool = new KeyInstancePool<RSA>(() => RSA.Create(parameters));
        return new JsonWebKey(kid, algorithms, pool, null, parameters.Modulus!.Length);
    }

    internal static JsonWebKey ForEc(string? kid, IReadOnlyList<JwtAlgorithm> algorithms, ECParameters parameters)
    {
        var pool = new KeyInstancePool<ECDsa>(() => ECDsa.Create(parameters));
        return new JsonWebKey(kid, algorithms, null, pool, 0);
    }

    public bool Supports(JwtAlgorithm algorithm)
    {
        // Indexed: runs for every token, and an interface enumerator would be an allocation each time.
        var algorithms = Algorithms;
        for (var i = 0; i < algorithms.Count; i++)
        {
            if (ReferenceEquals(algorithms[i], algorithm))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Verifies <paramref name="signature"/> over <paramref name="data"/>; the caller checked <see cref="Supports"/>.</summary>
    internal bool Verify(JwtAlgorithm algorithm, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (_rsa is not null)
        {
            if (signature.Length != RsaModulusBytes)
            {
                return false;
            }

            var rsa = _rsa.Rent();
            try
            {
                return rsa.VerifyData(data, signature, algorithm.Hash, algorithm.Padding!);
            }
            finally
            {
                _rsa.Return(rsa);
            }
        }

        if (signature.Length != algorithm.SignatureLength)
        {
            return false;
        }

        var ec = _ec!.Rent();
        try
        {
            return ec.VerifyData(data, signature, algorithm.Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        finally
        {
            _ec.Return(ec);
        }
    }
}
