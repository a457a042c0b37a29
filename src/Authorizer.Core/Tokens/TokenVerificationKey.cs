using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Authorizer.Core.Tokens;

/// <summary>A P-256 public key that verifies tokens whose header names <see cref="Kid"/>.</summary>
public sealed record TokenVerificationKey
{
    public TokenVerificationKey(string kid, ECParameters publicKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kid);
        if (publicKey.Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value
            || publicKey.Q.X is not { Length: 32 } || publicKey.Q.Y is not { Length: 32 })
        {
            throw new ArgumentException("Token verification keys must be P-256 public keys.", nameof(publicKey));
        }

        Kid = kid;
        PublicKey = new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = publicKey.Q };
    }

    public string Kid { get; }

    /// <summary>Public parameters only (no private scalar).</summary>
    public ECParameters PublicKey { get; }

    /// <summary>Loads a PEM public key (or a private key, of which only the public half is kept); kid = its thumbprint unless given.</summary>
    public static TokenVerificationKey FromPem(string pem, string? kid = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pem);
        using var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException("The token verification key is not a PEM EC key.", nameof(pem), ex);
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException("The token verification key is not a PEM EC key.", nameof(pem), ex);
        }

        var parameters = ecdsa.ExportParameters(includePrivateParameters: false);
        return new TokenVerificationKey(kid ?? KeyThumbprint.Of(parameters), parameters);
    }

    /// <summary>Loads a DER SubjectPublicKeyInfo (as returned by kms:GetPublicKey).</summary>
    public static TokenVerificationKey FromSubjectPublicKeyInfo(ReadOnlySpan<byte> der, string kid)
    {
        using var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportSubjectPublicKeyInfo(der, out _);
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException("The token verification key is not a DER EC public key.", nameof(der), ex);
        }

        return new TokenVerificationKey(kid, ecdsa.ExportParameters(includePrivateParameters: false));
    }

    /// <summary>
    /// Loads a JSON object mapping kid to PEM (<c>{"kid-1":"-----BEGIN PUBLIC KEY-----..."}</c>), the form the
    /// authorizer takes in configuration so several keys can be live during a rotation.
    /// </summary>
    public static IReadOnlyList<TokenVerificationKey> FromJson(string json)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException("Token verification keys must be a JSON object of kid to PEM.", nameof(json), ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException("Token verification keys must be a JSON object of kid to PEM.", nameof(json));
            }

            var keys = new List<TokenVerificationKey>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String || !seen.Add(property.Name))
                {
                    throw new ArgumentException("Token verification keys must map each kid once to a PEM string.", nameof(json));
                }

                keys.Add(FromPem(property.Value.GetString()!, property.Name));
            }

            return keys;
        }
    }
}

/// <summary>RFC 7638 JWK thumbprint of a P-256 public key: a stable, public key id.</summary>
public static class KeyThumbprint
{
    public static string Of(ECParameters publicKey)
    {
        var x = Base64UrlStrict.Encode(publicKey.Q.X);
        var y = Base64UrlStrict.Encode(publicKey.Q.Y);
        var canonical = $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{x}\",\"y\":\"{y}\"}}";
        return Base64UrlStrict.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
