using System.Text.Json;
using Authorizer.Core.Decisions;

namespace Authorizer.Core.Jwt;

/// <summary>The outcome of verifying one JWT: its checked claims, or a stable error code and a message that never echoes the token.</summary>
public sealed record JwtResult
{
    public bool IsValid { get; private init; }
    public string? ErrorCode { get; private init; }
    public string? ErrorMessage { get; private init; }

    /// <summary>True when a key was tried and the signature did not verify: a forgery attempt the failure throttle counts.</summary>
    public bool IsBadSignature { get; private init; }

    /// <summary>The verified payload; null on failure.</summary>
    public JwtClaims? Claims { get; private init; }

    internal static JwtResult Success(JwtClaims claims) => new() { IsValid = true, Claims = claims };

    internal static JwtResult Failure(string code, string message) => new() { ErrorCode = code, ErrorMessage = message };

    internal static JwtResult Invalid(string message) => Failure(ErrorCodes.InvalidToken, message);

    internal static JwtResult BadSignature() =>
        new() { ErrorCode = ErrorCodes.InvalidToken, ErrorMessage = "The token's signature does not verify.", IsBadSignature = true };
}

/// <summary>A verified token's payload: the registered claims read once, the rest kept as JSON for claim checks and the context.</summary>
public sealed class JwtClaims
{
    internal JwtClaims(JwtAlgorithm algorithm, JsonElement root, string? issuer, string? subject, string? jti, IReadOnlyList<string> audiences, long? exp, long? nbf, long? iat)
    {
        Algorithm = algorithm;
        Root = root;
        Issuer = issuer;
        Subject = subject;
        Jti = jti;
        Audiences = audiences;
        Exp = exp;
        Nbf = nbf;
        Iat = iat;
    }

    /// <summary>The algorithm the signature verified with.</summary>
    public JwtAlgorithm Algorithm { get; }

    public string? Issuer { get; }
    public string? Subject { get; }
    public string? Jti { get; }
    public IReadOnlyList<string> Audiences { get; }

    /// <summary>Seconds since the epoch (fractions cut towards the safe side: exp down, nbf and iat up).</summary>
    public long? Exp { get; }

    public long? Nbf { get; }
    public long? Iat { get; }

    /// <summary>The whole payload object (a detached copy, safe to keep).</summary>
    internal JsonElement Root { get; }

    public DateTimeOffset? ExpiresAt => Exp is { } e ? DateTimeOffset.FromUnixTimeSeconds(e) : null;

    /// <summary>The claim's JSON value, when present and not null.</summary>
    public bool TryGet(string name, out JsonElement value) =>
        Root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>The claim as context text: a string as is, any other JSON value as its compact JSON.</summary>
    public string? GetText(string name) =>
        !TryGet(name, out var value) ? null : value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
}
