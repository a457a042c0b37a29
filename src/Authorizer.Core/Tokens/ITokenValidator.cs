namespace Authorizer.Core.Tokens;

/// <summary>Checks a token's signature, algorithm and lifetime; the app, revocation and route checks are the authorizer's.</summary>
public interface ITokenValidator
{
    TokenValidationResult Validate(string token);

    /// <summary>
    /// As <see cref="Validate(string)"/> for a token that is a slice of a longer text (the header that carried it), in
    /// a decision that read the clock at <paramref name="now"/>: a validator that remembers results by time judges
    /// them by that reading (one per decision) and can answer without the token as a string of its own.
    /// </summary>
    TokenValidationResult Validate(ReadOnlySpan<char> token, DateTimeOffset now) => Validate(token.ToString());
}

public sealed record TokenValidationResult
{
    public bool IsValid { get; init; }
    public string? AppId { get; init; }
    public string? Jti { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }

    /// <summary>The <c>iat</c> claim: tokens issued before an app's token cutoff are refused (see <see cref="Model.TokenCutoffs"/>).</summary>
    public DateTimeOffset IssuedAt { get; init; }

    /// <summary>True when the token was well formed but its signature did not verify: a forgery attempt the throttle counts.</summary>
    public bool IsBadSignature { get; init; }

    /// <summary>The verified payload when the token is a provider's JWT (see <see cref="Jwt.JwtVerifier"/>); null for our own tokens.</summary>
    public Jwt.JwtClaims? JwtClaims { get; init; }

    public static TokenValidationResult Success(string appId, string jti, DateTimeOffset expiresAt) =>
        new() { IsValid = true, AppId = appId, Jti = jti, ExpiresAt = expiresAt };

    public static TokenValidationResult Success(string appId, string jti, DateTimeOffset expiresAt, DateTimeOffset issuedAt) =>
        new() { IsValid = true, AppId = appId, Jti = jti, ExpiresAt = expiresAt, IssuedAt = issuedAt };

    public static TokenValidationResult BadSignature(string errorMessage) =>
        new() { ErrorCode = Decisions.ErrorCodes.InvalidToken, ErrorMessage = errorMessage, IsBadSignature = true };

    public static TokenValidationResult Failure(string errorCode, string errorMessage) =>
        new() { ErrorCode = errorCode, ErrorMessage = errorMessage };
}
