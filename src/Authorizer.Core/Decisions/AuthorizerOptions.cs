using Authorizer.Core.Throttling;

namespace Authorizer.Core.Decisions;

/// <summary>Time windows and request limits of the authorizer (docs/authentication.md §3, §6).</summary>
public sealed record AuthorizerOptions
{
    public static readonly AuthorizerOptions Default = new();

    /// <summary>How far <c>X-Ca-Timestamp</c> / <c>X-Sdk-Date</c> may be from now, either way.</summary>
    public TimeSpan TimestampWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The least time a used nonce is remembered; it is always kept until max(now, its request's timestamp) +
    /// <see cref="TimestampWindow"/>, while that request could still be replayed.
    /// </summary>
    public TimeSpan NonceTtl { get; init; } = TimeSpan.FromMinutes(15);

    public int MaxNonceLength { get; init; } = 64;

    /// <summary>Longest accepted header value, in UTF-8 bytes.</summary>
    public int MaxHeaderValueBytes { get; init; } = 8 * 1024;

    public int MaxSignedHeaders { get; init; } = 100;

    public int MaxQueryParameters { get; init; } = 200;

    /// <summary>Longest accepted path, in characters.</summary>
    public int MaxPathLength { get; init; } = 8 * 1024;

    /// <summary>
    /// True when API Gateway caches this function's answers (authorizer result TTL above 0): then only schemes
    /// whose credential is a stable bearer value are served, since a cached Allow is reused for every request
    /// carrying the same identity source.
    /// </summary>
    public bool ServesResultCache { get; init; }

    /// <summary>
    /// How long a container serves the store's "this token is not revoked" before asking again: a revocation takes
    /// effect everywhere within this bound. Zero asks the store on every call.
    /// </summary>
    public TimeSpan TokenRevocationStaleness { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Failed-attempt throttling per AppKey and source address (see docs/SECURITY.md for the trade-off).</summary>
    public FailureThrottleOptions FailureThrottle { get; init; } = new();
}
