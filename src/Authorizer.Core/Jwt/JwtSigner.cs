using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Authorizer.Core.Tokens;

namespace Authorizer.Core.Jwt;

/// <summary>
/// Mints compact JWS tokens with a private key and publishes its public JWK: the local runner's demo identity provider
/// and the tests' token factory. Production tokens come from the API provider's own identity provider, never from here.
/// Not shared between threads: each caller owns its signer.
/// </summary>
public sealed class JwtSigner : IDisposable
{
    private readonly AsymmetricAlgorithm _key;

    private JwtSigner(AsymmetricAlgorithm key, JwtAlgorithm algorithm, string? kid)
    {
        _key = key;
        Algorithm = algorithm;
        Kid = kid;
    }

    public JwtAlgorithm Algorithm { get; }

    public string? Kid { get; }

    /// <summary>A signer with a fresh key for <paramref name="algorithm"/> (RSA 2048 bits, or the algorithm's curve).</summary>
    public static JwtSigner Create(JwtAlgorithm algorithm, string? kid)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        return algorithm.KeyType == JwtKeyType.Rsa
            ? new JwtSigner(RSA.Create(2048), algorithm, kid)
            : new JwtSigner(ECDsa.Create(CurveOf(algorithm)), algorithm, kid);
    }

    /// <summary>A signer from a PKCS#8 PEM private key (RSA or EC).</summary>
    public static JwtSigner FromPem(string pem, JwtAlgorithm algorithm, string? kid)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        AsymmetricAlgorithm key = algorithm.KeyType == JwtKeyType.Rsa ? RSA.Create() : ECDsa.Create();
        key.ImportFromPem(pem);
        return new JwtSigner(key, algorithm, kid);
    }

    /// <summary>The private key as PKCS#8 PEM (for the local runner's key file).</summary>
    public string ExportPrivateKeyPem() => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>The public key as a JWK object (with <c>kid</c>, <c>alg</c> and <c>use</c>).</summary>
    public string PublicJwk(bool includeAlg = true)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (_key is RSA rsa)
            {
                var p = rsa.ExportParameters(false);
                json.WriteString("kty", "RSA");
                json.WriteString("n", Base64UrlStrict.Encode(p.Modulus));
                json.WriteString("e", Base64UrlStrict.Encode(p.Exponent));
            }
            else
            {
                var p = ((ECDsa)_key).ExportParameters(false);
                json.WriteString("kty", "EC");
                json.WriteString("crv", Algorithm.Curve);
                json.WriteString("x", Base64UrlStrict.Encode(p.Q.X));
                json.WriteString("y", Base64UrlStrict.Encode(p.Q.Y));
            }

            if (Kid is not null)
            {
                json.WriteString("kid", Kid);
            }

            if (includeAlg)
            {
                json.WriteString("alg", Algorithm.Name);
            }

            json.WriteString("use", "sig");
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A JWKS holding the public keys of <paramref name="signers"/>.</summary>
    public static string Jwks(params JwtSigner[] signers) =>
        "{\"keys\":[" + string.Join(",", signers.Select(s => s.PublicJwk())) + "]}";

    /// <summary>Signs <paramref name="payloadJson"/> (a JSON object) under a header of alg, typ JWT and the kid.</summary>
    public string Sign(string payloadJson)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("alg", Algorithm.Name);
            json.WriteString("typ", "JWT");
            if (Kid is not null)
            {
                json.WriteString("kid", Kid);
            }

            json.WriteEndObject();
        }

        var header = Encoding.UTF8.GetString(buffer.ToArray());
        return SignRaw(header, payloadJson);
    }

    /// <summary>Signs exactly <paramref name="headerJson"/> and <paramref name="payloadJson"/> (tests craft odd headers with it).</summary>
    public string SignRaw(string headerJson, string payloadJson)
    {
        ArgumentNullException.ThrowIfNull(headerJson);
        ArgumentNullException.ThrowIfNull(payloadJson);
        var input = Base64UrlStrict.Encode(Encoding.UTF8.GetBytes(headerJson)) + "." + Base64UrlStrict.Encode(Encoding.UTF8.GetBytes(payloadJson));
        var data = Encoding.ASCII.GetBytes(input);
        var signature = _key is RSA rsa
            ? rsa.SignData(data, Algorithm.Hash, Algorithm.Padding!)
            : ((ECDsa)_key).SignData(data, Algorithm.Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return input + "." + Base64UrlStrict.Encode(signature);
    }

    public void Dispose() => _key.Dispose();

    private static ECCurve CurveOf(JwtAlgorithm algorithm) => algorithm.Curve switch
    {
        "P-256" => ECCurve.NamedCurves.nistP256,
        "P-384" => ECCurve.NamedCurves.nistP384,
        _ => ECCurve.NamedCurves.nistP521,
    };
}
