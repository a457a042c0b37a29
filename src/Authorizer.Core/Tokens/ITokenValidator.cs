namespace Authorizer.Core.Tokens;

/// <summary>Checks a token's signature, algorithm and lifetime; the app, revocation and route checks are the authorizer's.</summary>
public interface ITokenValidator
{
    TokenValidationResult Validate(string token);
}

public sealed record TokenValidationResult
{
    public bool IsValid { get; init; }
    public string? AppId { get; init; }
    public string? Jti { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }

    public static TokenValidationResult Success(string appId, string jti, DateTimeOffset expiresAt) =>
        new() { IsValid = true, AppId = appId, Jti = jti, ExpiresAt = expiresAt };

    public static TokenValidationResult Failure(string errorCode, string errorMessage) =>
        new() { ErrorCode = errorCode, ErrorMessage = errorMessage };
}
