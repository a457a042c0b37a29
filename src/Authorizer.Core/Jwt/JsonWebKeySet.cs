using System.Security.Cryptography;
using System.Text.Json;
using Authorizer.Core.Tokens;

namespace Authorizer.Core.Jwt;

/// <summary>
/// A parsed JWKS (RFC 7517 §5): the public signing keys it holds, with limits on size, key count and kid length.
/// Keys meant for encryption (<c>use</c> other than <c>sig</c>, <c>key_ops</c> without <c>verify</c>) and key types or
/// algorithms this verifier does not accept (e.g. <c>OKP</c>) are skipped, as an identity provider's set may hold them;
/// a symmetric (<c>oct</c>) key or any private member refuses the whole set, since either means a secret was published.
/// A set is immutable and owns the cache of tokens its keys verified, so a rotated set starts with an empty one.
/// </summary>
public sealed class JsonWebKeySet
{
    public const int MaxBytes = 64 * 1024;
    public const int MaxKeys = 32;
    public const int MaxKidLength = 256;

    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 8, AllowDuplicateProperties = false };
    private static readonly string[] PrivateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    private VerifiedTokenCache? _verified;

    private JsonWebKeySet(IReadOnlyList<JsonWebKey> keys) => Keys = keys;

    public IReadOnlyList<JsonWebKey> Keys { get; }

    /// <summary>Tokens whose signature a key of this set verified, created on first use.</summary>
    internal VerifiedTokenCache Verified =>
        Volatile.Read(ref _verified) ?? Interlocked.CompareExchange(ref _verified, new VerifiedTokenCache(JwtLimits.VerifiedCacheCapacity), null) ?? _verified!;

    /// <summary>Parses <paramref name="json"/>; on failure <paramref name="error"/> says why, without echoing key material.</summary>
    public static bool TryParse(ReadOnlySpan<byte> json, out JsonWebKeySet set, out string error)
    {
        set = null!;
        if (json.Length == 0 || json.Length > MaxBytes)
        {
            error = $"The JWKS must be between 1 and {MaxBytes} bytes.";
            return false;
        }

        // JsonDocument checks UTF-8 only when a string is read, and then throws: refuse invalid text first.
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            error = "The JWKS is not valid UTF-8.";
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), JsonOptions);
        }
        catch (JsonException)
        {
            error = "The JWKS is not valid JSON (or repeats a member name).";
            return false;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("keys", out var keysElement)
                || keysElement.ValueKind != JsonValueKind.Array)
            {
                error = "The JWKS must be a JSON object with a \"keys\" array.";
                return false;
            }

            if (keysElement.GetArrayLength() > MaxKeys)
            {
                error = $"The JWKS holds more than {MaxKeys} keys.";
                return false;
            }

            var keys = new List<JsonWebKey>();
            var index = 0;
            foreach (var element in keysElement.EnumerateArray())
            {
                if (!TryReadKey(element, out var key, out var keyError))
                {
                    error = $"JWKS key {index}: {keyError}";
                    return false;
                }

                if (key is not null)
                {
                    keys.Add(key);
                }

                index++;
            }

            set = new JsonWebKeySet(keys);
            error = string.Empty;
            return true;
        }
    }

    /// <summary>Parses JWKS text (a static set from configuration).</summary>
    public static bool TryParse(string json, out JsonWebKeySet set, out string error)
    {
        ArgumentNullException.ThrowIfNull(json);
        return TryParse(System.Text.Encoding.UTF8.GetBytes(json), out set, out error);
    }

    /// <summary>A signing key, null for a key to skip, or false with <paramref name="error"/>.</summary>
    private static bool TryReadKey(JsonElement element, out JsonWebKey? key, out string error)
    {
        key = null;
        error = string.Empty;
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = "a key must be a JSON object.";
            return false;
        }

        foreach (var member in PrivateMembers)
        {
            if (element.TryGetProperty(member, out _))
            {
                error = $"the key carries the private or symmetric member \"{member}\"; publish public keys only.";
                return false;
            }
        }

        var kty = OptionalString(element, "kty", out var ktyOk);
        var kid = OptionalString(element, "kid", out var kidOk);
        var use = OptionalString(element, "use", out var useOk);
        var alg = OptionalString(element, "alg", out var algOk);
        if (!ktyOk || !kidOk || !useOk || !algOk || kty is null)
        {
            error = "kty is required and kty, kid, use and alg must be strings.";
            return false;
        }

        if (kid is not null && (kid.Length == 0 || kid.Length > MaxKidLength))
        {
            error = $"kid must be 1 to {MaxKidLength} characters.";
            return false;
        }

        if (string.Equals(kty, "oct", StringComparison.Ordinal))
        {
            error = "symmetric (oct) keys are not accepted.";
            return false;
        }

        if ((use is not null && !string.Equals(use, "sig", StringComparison.Ordinal)) || !AllowsVerify(element))
        {
            return true;
        }

        var type = kty switch
        {
            "RSA" => JwtKeyType.Rsa,
            "EC" => (JwtKeyType?)JwtKeyType.Ec,
            _ => null,
        };
        if (type is null)
        {
            return true;
        }

        var named = alg is null ? null : JwtAlgorithm.Find(alg);
        if (alg is not null && named is null)
        {
            // An algorithm we do not verify (e.g. RSA-OAEP, EdDSA): the key cannot serve us.
            return true;
        }

        if (named is not null && named.KeyType != type)
        {
            error = $"alg {named.Name} does not fit kty {kty}.";
            return false;
        }

        return type == JwtKeyType.Rsa
            ? TryReadRsa(element, kid, named, out key, out error)
            : TryReadEc(element, kid, named, out key, out error);
    }

    private static bool TryReadRsa(JsonElement element, string? kid, JwtAlgorithm? named, out JsonWebKey? key, out string error)
    {
        key = null;
        if (!TryBytes(element, "n", out var n) || !TryBytes(element, "e", out var e) || n.Length == 0 || e.Length == 0 || e.Length > 8)
        {
            error = "an RSA key needs base64url n and e.";
            return false;
        }

        if (n[0] == 0 || e[0] == 0)
        {
            error = "n and e must not have leading zero bytes.";
            return false;
        }

        var bits = n.Length * 8;
        if (bits < JsonWebKey.MinRsaBits || bits > JsonWebKey.MaxRsaBits)
        {
            error = $"the RSA modulus must be {JsonWebKey.MinRsaBits} to {JsonWebKey.MaxRsaBits} bits.";
            return false;
        }

        IReadOnlyList<JwtAlgorithm> algorithms = named is not null
            ? [named]
            : [JwtAlgorithm.RS256, JwtAlgorithm.RS384, JwtAlgorithm.RS512, JwtAlgorithm.PS256, JwtAlgorithm.PS384, JwtAlgorithm.PS512];
        try
        {
            key = JsonWebKey.ForRsa(kid, algorithms, new RSAParameters { Modulus = n, Exponent = e });
        }
        catch (CryptographicException)
        {
            error = "the RSA key is not valid.";
            return false;
        }

        error = string.Empty;
        return true;
    }

    private static bool TryReadEc(JsonElement element, string? kid, JwtAlgorithm? named, out JsonWebKey? key, out string error)
    {
        key = null;
        var crv = OptionalString(element, "crv", out var crvOk);
        var (curve, algorithm, size) = crv switch
        {
            "P-256" => (ECCurve.NamedCurves.nistP256, JwtAlgorithm.ES256, 32),
            "P-384" => (ECCurve.NamedCurves.nistP384, JwtAlgorithm.ES384, 48),
            "P-521" => (ECCurve.NamedCurves.nistP521, JwtAlgorithm.ES512, 66),
            _ => (default(ECCurve), null, 0),
        };
        if (!crvOk || algorithm is null)
        {
            error = "an EC key needs crv P-256, P-384 or P-521.";
            return false;
        }

        if (named is not null && !ReferenceEquals(named, algorithm))
        {
            error = $"alg {named.Name} does not fit crv {crv}.";
            return false;
        }

        if (!TryBytes(element, "x", out var x) || !TryBytes(element, "y", out var y) || x.Length != size || y.Length != size)
        {
            error = $"an EC key on {crv} needs base64url x and y of {size} bytes each.";
            return false;
        }

        try
        {
            var parameters = new ECParameters { Curve = curve, Q = new ECPoint { X = x, Y = y } };
            parameters.Validate();
            key = JsonWebKey.ForEc(kid, [algorithm], parameters);
        }
        catch (CryptographicException)
        {
            error = "the EC point is not on the curve.";
            return false;
        }

        error = string.Empty;
        return true;
    }

    private static bool AllowsVerify(JsonElement element)
    {
        if (!element.TryGetProperty("key_ops", out var ops))
        {
            return true;
        }

        if (ops.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var op in ops.EnumerateArray())
        {
            if (op.ValueKind == JsonValueKind.String && op.ValueEquals("verify"u8))
            {
                return true;
            }
        }

        return false;
    }

    private static string? OptionalString(JsonElement element, string name, out bool ok)
    {
        ok = true;
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        ok = value.ValueKind == JsonValueKind.String;
        return ok ? value.GetString() : null;
    }

    private static bool TryBytes(JsonElement element, string name, out byte[] bytes)
    {
        bytes = [];
        return element.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.String
            && Base64UrlStrict.TryDecode(value.GetString(), out bytes);
    }
}
