using Authorizer.Core.Jwt;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Authorizer.Core.Tests.Jwt.JwtFixtures;

namespace Authorizer.Core.Tests.Jwt;

/// <summary>Whatever bytes arrive, the JWT and JWKS parsers answer with a failure, never an exception or an accepted forgery.</summary>
public sealed class JwtPropertyTests
{
    private static readonly JwtSigner Signer = JwtSigner.Create(JwtAlgorithm.ES256, "k1");
    private static readonly JwtProvider TheProvider = Provider(JwtSigner.Jwks(Signer));
    private static readonly string Valid = Signer.Sign(Payload(exp: NowSeconds + 3600));
    private static readonly JwtVerifier Verifier = new(rememberVerified: false);

    [Property(MaxTest = 500)]
    public bool Arbitrary_text_never_verifies_and_never_throws(string text) =>
        !Verifier.Verify(text ?? string.Empty, TheProvider, Now).IsValid;

    [Property(MaxTest = 500)]
    public Property Changing_any_character_of_a_valid_token_makes_it_fail(PositiveInt position, char replacement)
    {
        var index = position.Get % Valid.Length;
        var changed = Valid[..index] + replacement + Valid[(index + 1)..];
        var result = Verifier.Verify(changed, TheProvider, Now);
        return (changed == Valid || !result.IsValid).Label($"index={index} char={(int)replacement} code={result.ErrorCode}");
    }

    [Property(MaxTest = 300)]
    public bool Arbitrary_header_and_payload_json_signed_by_the_key_never_throw(string header, string payload)
    {
        var token = Signer.SignRaw(header ?? string.Empty, payload ?? string.Empty);
        var result = Verifier.Verify(token, TheProvider, Now);
        return result.IsValid || result.ErrorCode is not null;
    }

    [Property(MaxTest = 500)]
    public bool Arbitrary_bytes_as_a_jwks_never_throw(byte[] bytes) =>
        JsonWebKeySet.TryParse(bytes ?? [], out _, out var error) || error.Length > 0;

    [Property(MaxTest = 200)]
    public bool Arbitrary_json_keys_never_throw(string kty, string n, string e, string crv, string x)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(
            new Dictionary<string, string?> { ["kty"] = kty, ["n"] = n, ["e"] = e, ["crv"] = crv, ["x"] = x, ["y"] = x },
            JwtTestJson.Default.DictionaryStringString);
        return JsonWebKeySet.TryParse("{\"keys\":[" + json + "]}", out _, out var error) || error.Length > 0;
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string?>))]
internal sealed partial class JwtTestJson : System.Text.Json.Serialization.JsonSerializerContext;
