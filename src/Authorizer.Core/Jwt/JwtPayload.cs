using System.Text.Json;

namespace Authorizer.Core.Jwt;

/// <summary>Reads a verified payload: a JSON object whose registered claims have their RFC 7519 types.</summary>
internal static class JwtPayload
{
    /// <summary>Latest NumericDate accepted (9999-12-31), so conversions to <see cref="DateTimeOffset"/> cannot overflow.</summary>
    private const long MaxNumericDate = 253_402_300_799;

    private const int MaxAudiences = 32;

    /// <summary>Null on success, else why the payload is refused.</summary>
    public static string? Read(ReadOnlyMemory<byte> json, JwtAlgorithm algorithm, JsonDocumentOptions options, out JwtClaims claims)
    {
        claims = null!;
        if (!System.Text.Unicode.Utf8.IsValid(json.Span))
        {
            return "The token payload is not valid UTF-8.";
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json, options);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return "The token payload is not valid JSON (or repeats a member name).";
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return "The token payload is not a JSON object.";
        }

        string? iss = null, sub = null, jti = null;
        long? exp = null, nbf = null, iat = null;
        IReadOnlyList<string> aud = [];
        // Names are matched as UTF-8: no string is made for a member name (the payload's custom claims included).
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            var ok = property.NameEquals("iss"u8) ? TryString(value, out iss)
                : property.NameEquals("sub"u8) ? TryString(value, out sub)
                : property.NameEquals("jti"u8) ? TryString(value, out jti)
                : property.NameEquals("aud"u8) ? TryAudience(value, out aud)
                : property.NameEquals("exp"u8) ? TryDate(value, roundUp: false, out exp)
                : property.NameEquals("nbf"u8) ? TryDate(value, roundUp: true, out nbf)
                : !property.NameEquals("iat"u8) || TryDate(value, roundUp: true, out iat);
            if (!ok)
            {
                return $"The token claim {property.Name} does not have its registered type.";
            }
        }

        claims = new JwtClaims(algorithm, root, iss, sub, jti, aud, exp, nbf, iat);
        return null;
    }

    private static bool TryString(JsonElement value, out string? result)
    {
        result = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return result is not null || value.ValueKind == JsonValueKind.Null;
    }

    private static bool TryAudience(JsonElement value, out IReadOnlyList<string> result)
    {
        result = [];
        if (value.ValueKind == JsonValueKind.String)
        {
            result = [value.GetString()!];
            return true;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > MaxAudiences)
        {
            return false;
        }

        var list = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            list.Add(item.GetString()!);
        }

        result = list;
        return true;
    }

    private static bool TryDate(JsonElement value, bool roundUp, out long? result)
    {
        result = null;
        if (value.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        if (value.TryGetInt64(out var whole))
        {
            result = whole;
        }
        else if (value.TryGetDouble(out var d) && double.IsFinite(d) && d is >= 0 and <= MaxNumericDate)
        {
            // A fraction is rounded to the side that shortens the token's validity.
            result = (long)(roundUp ? Math.Ceiling(d) : Math.Floor(d));
        }

        return result is >= 0 and <= MaxNumericDate;
    }
}
