using System.Text.Json;

namespace Authorizer.Core.Jwt;

/// <summary>The JOSE header members the verifier reads; anything that would change how the token must be processed is refused.</summary>
internal sealed record JwtHeader(string? Alg, string? Kid, string? Error)
{
    /// <summary>The header, one with <see cref="Error"/> set, or null when it is not a JSON object.</summary>
    public static JwtHeader? Read(ReadOnlyMemory<byte> json, JsonDocumentOptions options)
    {
        // JsonDocument checks UTF-8 only when a string is read, and then throws: refuse invalid text first.
        if (!System.Text.Unicode.Utf8.IsValid(json.Span))
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
            // Names are matched as UTF-8, so reading a header allocates no string for its member names.
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value;
                if (property.NameEquals("alg"u8))
                {
                    if (value.ValueKind != JsonValueKind.String)
                    {
                        return Invalid("alg");
                    }

                    alg = value.GetString();
                }
                else if (property.NameEquals("kid"u8))
                {
                    if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 and <= JsonWebKeySet.MaxKidLength } k)
                    {
                        return Invalid("kid");
                    }

                    kid = k;
                }
                else if (property.NameEquals("typ"u8))
                {
                    if (value.ValueKind != JsonValueKind.String || !IsJwtType(value.GetString()!))
                    {
                        return Invalid("typ");
                    }
                }
                else if (property.NameEquals("crit"u8))
                {
                    // Extensions we would have to understand (e.g. b64=false); we understand none.
                    return new JwtHeader(null, null, "The token header has critical extensions.");
                }
                else if (property.NameEquals("enc"u8) || property.NameEquals("zip"u8))
                {
                    return new JwtHeader(null, null, "Encrypted or compressed tokens are not accepted.");
                }
            }

            return alg is null ? new JwtHeader(null, null, "The token header has no alg.") : new JwtHeader(alg, kid, null);
        }
    }

    private static JwtHeader Invalid(string member) => new(null, null, $"The token header's {member} is not valid.");

    /// <summary><c>JWT</c> (RFC 7519) or the access-token type <c>at+jwt</c> (RFC 9068), with or without <c>application/</c>.</summary>
    private static bool IsJwtType(string typ)
    {
        var t = typ.StartsWith("application/", StringComparison.OrdinalIgnoreCase) ? typ["application/".Length..] : typ;
        return t.Equals("JWT", StringComparison.OrdinalIgnoreCase) || t.Equals("at+jwt", StringComparison.OrdinalIgnoreCase);
    }
}
