using Authorizer.Core.Throttling;

namespace Authorizer.Management;

/// <summary>Limits of the management API.</summary>
public sealed record ManagementOptions
{
    public int MaxBodyBytes { get; init; } = 64 * 1024;
    public int DefaultPageSize { get; init; } = 50;
    public int MaxPageSize { get; init; } = 100;
    public int MaxActiveAppCodes { get; init; } = 5;
    public int MaxGraceSeconds { get; init; } = 86_400;
    public int MinTokenTtlSeconds { get; init; } = 60;

    /// <summary>Also how long a revocation by bare <c>jti</c> is kept, since such a token's expiry is unknown.</summary>
    public int MaxTokenTtlSeconds { get; init; } = 7 * 86_400;
    public int MaxRoutesPerAuthorization { get; init; } = 100;

    /// <summary>The failure throttle of <c>POST /v1/tokens</c>: the authorizer's settings, so both lock at one limit.</summary>
    public FailureThrottleOptions FailureThrottle { get; init; } = new();

    /// <summary>Accept <c>http://127.0.0.1</c>/<c>localhost</c> JWKS URLs in an API's jwt section (the local runner only).</summary>
    public bool AllowLoopbackJwksHttp { get; init; }
}
