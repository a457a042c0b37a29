namespace Authorizer.Core.Tokens;

/// <summary>A freshly issued token. <see cref="Token"/> is a credential: hand it to the caller once, never log it.</summary>
public sealed record IssuedToken(string Token, string AppId, string Jti, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
