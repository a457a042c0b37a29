using System.Text;
using System.Text.Json;
using Authorizer.Core.Decisions;

namespace Authorizer.Core.Tokens;

/// <summary>
/// Verifies compact JWS tokens from <see cref="TokenIssuer"/>. The algorithm is pinned to ES256: the header's
/// <c>alg</c> is checked, never used to pick an algorithm, so <c>none</c>, HS* (a public key used as an HMAC
/// secret) and RS* tokens fail. The key comes from the header's <c>kid</c> among the configured keys only.
/// </summary>
public sealed class Es256TokenValidator : ITokenValidator, IDisposable
{
    public const int MaxTokenLength = 8 * 1024;
    public static readonly TimeSpan Leeway = TimeSpan.FromSeconds(60);

    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 8, AllowDuplicateProperties = false };
    private readonly Dictionary<string, EcdsaPool> _keys = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public Es256TokenValidator(IEnumerable<TokenVerificationKey> keys, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        foreach (var key in keys)
        {
            ArgumentNullException.ThrowIfNull(key);
            if (_keys.ContainsKey(key.Kid))
            {
                throw new ArgumentException("Two token verification keys share one kid.", nameof(keys));
            }

            _keys[key.Kid] = new EcdsaPool(key.PublicKey);
        }
    }

    public IReadOnlyCollection<string> Kids => _keys.Keys;

    public TokenValidationResult Validate(string token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return Invalid("The token is empty.");
        }

        if (token.Length > MaxTokenLength)
        {
            return Invalid("The token is too long.");
        }

        var first = token.IndexOf('.', StringComparison.Ordinal);
        var second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == token.Length - 1 || token.IndexOf('.', second + 1) >= 0)
        {
            return Invalid("The token is not a compact JWS.");
        }

        var span = token.AsSpan();
        if (!Base64UrlStrict.TryDecode(span[..first], out var headerBytes)
            || !Base64UrlStrict.TryDecode(span[(first + 1)..second], out var payloadBytes)
            || !Base64UrlStrict.TryDecode(span[(second + 1)..], out var signature))
        {
            return Invalid("The token is not valid base64url.");
        }

        if (!TryReadHeader(headerBytes, out var kid, out var headerError))
        {
            return Invalid(headerError);
        }

        if (!_keys.TryGetValue(kid, out var key))
        {
            return Invalid("The token's key id is not known.");
        }

        if (signature.Length != 64)
        {
            return Invalid("The token's signature is not an ES256 signature.");
        }

        var verified = key.Verify(Encoding.ASCII.GetBytes(token, 0, second), signature);

        if (!verified)
        {
            return TokenValidationResult.BadSignature("The token's signature does not verify.");
        }

        if (!TryReadClaims(payloadBytes, out var claims, out var claimsError))
        {
            return Invalid(claimsError);
        }

        var now = _time.GetUtcNow();
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(claims.Exp);
        if (claims.Exp <= claims.Iat)
        {
            return Invalid("The token's lifetime is empty.");
        }

        if (DateTimeOffset.FromUnixTimeSeconds(claims.Iat) > now + Leeway
            || (claims.Nbf is { } nbf && DateTimeOffset.FromUnixTimeSeconds(nbf) > now + Leeway))
        {
            return Invalid("The token is not valid yet.");
        }

        if (expiresAt + Leeway <= now)
        {
            return TokenValidationResult.Failure(ErrorCodes.TokenExpired, "The token has expired.");
        }

        return TokenValidationResult.Success(claims.Sub, claims.Jti, expiresAt, DateTimeOffset.FromUnixTimeSeconds(claims.Iat));
    }

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }
    }

    private static TokenValidationResult Invalid(string message) => TokenValidationResult.Failure(ErrorCodes.InvalidToken, message);

    private static bool TryReadHeader(byte[] json, out string kid, out string error)
    {
        kid = string.Empty;
        error = "The token header is not a JSON object.";
        if (!TryParseObject(json, out var document))
        {
            return false;
        }

        using (document)
        {
            string? alg = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "alg" when property.Value.ValueKind == JsonValueKind.String:
                        alg = property.Value.GetString();
                        break;
                    case "alg":
                        error = "The token's algorithm is not allowed.";
                        return false;
                    case "kid" when property.Value.ValueKind == JsonValueKind.String:
                        kid = property.Value.GetString()!;
                        break;
                    case "typ" when property.Value.ValueKind == JsonValueKind.String
                        && string.Equals(property.Value.GetString(), "JWT", StringComparison.OrdinalIgnoreCase):
                        break;
                    case "typ" or "kid":
                        error = $"The token header's {property.Name} is not valid.";
                        return false;
                    case "crit":
                        // Extensions we would have to understand; we understand none.
                        error = "The token header has critical extensions.";
                        return false;
                    default:
                        break;
                }
            }

            if (!string.Equals(alg, "ES256", StringComparison.Ordinal))
            {
                error = "The token's algorithm is not allowed.";
                return false;
            }

            if (kid.Length == 0)
            {
                error = "The token has no key id.";
                return false;
            }

            return true;
        }
    }

    private static bool TryReadClaims(byte[] json, out Claims claims, out string error)
    {
        claims = default;
        error = "The token payload is not a JSON object.";
        if (!TryParseObject(json, out var document))
        {
            return false;
        }

        using (document)
        {
            string? sub = null;
            string? jti = null;
            long? iat = null;
            long? exp = null;
            long? nbf = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value;
                var ok = property.Name switch
                {
                    "sub" => TryString(value, out sub),
                    "jti" => TryString(value, out jti),
                    "iat" => TryNumber(value, out iat),
                    "exp" => TryNumber(value, out exp),
                    "nbf" => TryNumber(value, out nbf),
                    _ => true,
                };
                if (!ok)
                {
                    error = $"The token claim {property.Name} is not valid.";
                    return false;
                }
            }

            if (sub is null || jti is null || iat is null || exp is null)
            {
                error = "The token lacks a required claim (sub, jti, iat, exp).";
                return false;
            }

            claims = new Claims(sub, jti, iat.Value, exp.Value, nbf);
            return true;
        }
    }

    private static bool TryString(JsonElement value, out string? result)
    {
        result = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return !string.IsNullOrEmpty(result) && result.Length <= 256;
    }

    private static bool TryNumber(JsonElement value, out long? result)
    {
        result = null;
        // Bounded so that DateTimeOffset conversions cannot overflow.
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n is >= 0 and <= 253_402_300_799)
        {
            result = n;
            return true;
        }

        return false;
    }

    /// <summary>Parses a JSON object, refusing duplicate member names (which parsers disagree on).</summary>
    private static bool TryParseObject(byte[] json, out JsonDocument document)
    {
        document = null!;

        // JsonDocument leaves string contents unchecked until a value is read, where invalid UTF-8 would throw.
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            return false;
        }

        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json, JsonOptions);
        }
        catch (JsonException)
        {
            return false;
        }

        if (parsed.RootElement.ValueKind != JsonValueKind.Object)
        {
            parsed.Dispose();
            return false;
        }

        document = parsed;
        return true;
    }

    private readonly record struct Claims(string Sub, string Jti, long Iat, long Exp, long? Nbf);
}
