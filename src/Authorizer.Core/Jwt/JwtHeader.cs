using System.Text.Json;

namespace Authorizer.Core.Jwt;

/// <summary>The JOSE header members the verifier reads; anything that would change how the token must be processed is refused.</summary>
internal sealed record JwtHeader(string? Alg, string? Kid, string? Error)
{
    /// <summary>The header, one with <see cref="Error"/> set, or null when it is not a JSON object.</summary>
    public static JwtHeader? Read(byte[] json, JsonDocumentOptions options)
    {
        // JsonDocument checks UTF-8 only when a string is read, and then throws: refuse invalid text first.
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, options);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            string? alg = null;
            string? kid = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value;
                switch (property.Name)
                {
                    case "alg" when value.ValueKind == JsonValueKind.String:
                        alg = value.GetString();
                        break;
                    case "kid" when value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= JsonWebKeySet.MaxKidLength } k:
                        kid = k;
                        break;
                    case "typ" when value.ValueKind == JsonValueKind.String && IsJwtType(value.GetString()!):
                        break;
                    case "alg" or "kid" or "typ":
                        return new JwtHeader(null, null, $"The token header's {property.Name} is not valid.");
                    case "crit":
                        // Extensions we would have to understand (e.g. b64=false); we understand none.
                        return new JwtHeader(null, null, "The token header has critical extensions.");
                    case "enc" or "zip":
                        return new JwtHeader(null, null, "Encrypted or compressed tokens are not accepted.");
                    default:
                        break;
                }
            }

            return alg is null ? new JwtHeader(null, null, "The token header has no alg.") : new JwtHeader(alg, kid, null);
        }
    }

    /// <summary><c>JWT</c> (RFC 7519) or the access-token type <c>at+jwt</c> (RFC 9068), with or without <c>application/</c>.</summary>
    private static bool IsJwtType(string typ)
    {
        var t = typ.StartsWith("application/", StringComparison.OrdinalIgnoreCase) ? typ["application/".Length..] : typ;
        return t.Equals("JWT", StringComparison.OrdinalIgnoreCase) || t.Equals("at+jwt", StringComparison.OrdinalIgnoreCase);
    }
}
