using System.Text;
using System.Text.Json;

namespace Authorizer.Core.Jwt;

/// <summary>
/// The payload of a token that <see cref="JwtSigner"/> mints: the registered claims a provider checks (iss, aud, sub,
/// iat, exp) and extra string claims. Extra claims cannot repeat a registered one: a payload with a member twice is
/// refused by every strict verifier, ours included.
/// </summary>
public sealed record JwtClaimSet
{
    /// <summary>The claims <see cref="ToJson"/> writes itself, which <see cref="Extra"/> may not name.</summary>
    public static readonly IReadOnlyList<string> Registered = ["iss", "aud", "sub", "iat", "exp"];

    public required string Issuer { get; init; }

    public required string Audience { get; init; }

    public required string Subject { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Further claims, written as strings in this order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extra { get; init; } = [];

    /// <summary>Why <see cref="Extra"/> cannot be written (an empty, registered or repeated name), or null.</summary>
    public string? Problem()
    {
        var seen = new HashSet<string>(Registered, StringComparer.Ordinal);
        foreach (var (name, _) in Extra)
        {
            if (string.IsNullOrEmpty(name) || !seen.Add(name))
            {
                return $"the claim '{name}' is empty, registered ({string.Join(", ", Registered)}) or given twice";
            }
        }

        return null;
    }

    /// <summary>The payload as a JSON object; throws <see cref="InvalidOperationException"/> when <see cref="Problem"/> names one.</summary>
    public string ToJson()
    {
        if (Problem() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("iss", Issuer);
            json.WriteString("aud", Audience);
            json.WriteString("sub", Subject);
            json.WriteNumber("iat", IssuedAt.ToUnixTimeSeconds());
            json.WriteNumber("exp", ExpiresAt.ToUnixTimeSeconds());
            foreach (var (name, value) in Extra)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
