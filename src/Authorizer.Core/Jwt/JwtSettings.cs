using System.Text.Json.Serialization;

namespace Authorizer.Core.Jwt;

/// <summary>An API's JWT plug-in: the provider, where the token travels, and how it combines with app credentials.</summary>
public sealed record JwtSettings
{
    public const string DefaultHeader = "Authorization";
    public const string DefaultPrefix = "Bearer";
    public const string DefaultQuery = "access_token";

    public required JwtProvider Provider { get; init; }

    public JwtMode Mode { get; init; } = JwtMode.Jwt;

    public JwtTokenSource Source { get; init; } = JwtTokenSource.Header;

    /// <summary>The header, query parameter or cookie name.</summary>
    public string Name { get; init; } = DefaultHeader;

    /// <summary>For a header: the scheme word before the token (empty for a bare token).</summary>
    public string Prefix { get; init; } = DefaultPrefix;

    /// <summary>Let a request without a token through as the provider's anonymous caller (the peers' <c>bypassEmptyToken</c>).</summary>
    public bool BypassEmptyToken { get; init; }

    /// <summary>
    /// True when the token travels in the <c>Authorization</c> header: that header then belongs to the JWT on this API,
    /// so a <c>Bearer</c> value is this provider's token and never our own <c>token</c> scheme (which stays on
    /// <c>X-Auth-Token</c>), and app credentials must use their other headers.
    /// </summary>
    [JsonIgnore]
    public bool OwnsAuthorizationHeader =>
        Source == JwtTokenSource.Header && string.Equals(Name, DefaultHeader, StringComparison.OrdinalIgnoreCase);
}

public enum JwtMode
{
    /// <summary>Only a JWT is accepted.</summary>
    Jwt,

    /// <summary>An app credential or a JWT, exactly one of them.</summary>
    AppOrJwt,

    /// <summary>Both (double authentication): the app is the principal; the context carries the user's claims.</summary>
    AppAndJwt,
}

public enum JwtTokenSource
{
    Header,
    Query,
    Cookie,
}
