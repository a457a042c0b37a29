namespace Authorizer.Core.Jwt;

/// <summary>Bounds on what a token or a provider's configuration may hold; checked before any parse or allocation they bound.</summary>
public static class JwtLimits
{
    public const int MaxTokenLength = 8 * 1024;
    public const int MaxClockToleranceSeconds = 86_400;
    public const int DefaultClockToleranceSeconds = 60;
    public const int MaxIssuers = 10;
    public const int MaxAudiences = 10;
    public const int MaxRequiredClaims = 20;
    public const int MaxClaimValues = 20;
    public const int MaxClaimsToContext = 20;
    public const int MaxClaimNameLength = 64;
    public const int MaxConfigValueLength = 512;

    /// <summary>A claim passed to the backend becomes one context value; longer values are refused, not cut.</summary>
    public const int MaxContextValueLength = 1024;

    /// <summary>Tokens a key set remembers as verified (see <see cref="Tokens.VerifiedTokenCache"/>).</summary>
    public const int VerifiedCacheCapacity = 10_000;

    /// <summary>How long a verified token without <c>exp</c> would be remembered; tokens must carry exp, so this only bounds.</summary>
    internal static readonly TimeSpan MaxRemembered = TimeSpan.FromHours(1);
}
