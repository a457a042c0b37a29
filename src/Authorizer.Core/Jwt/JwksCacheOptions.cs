namespace Authorizer.Core.Jwt;

/// <summary>Bounds on fetching and caching remote JWKS; every default lives here and <see cref="Validate"/> checks them at start-up.</summary>
public sealed record JwksCacheOptions
{
    /// <summary>One fetch's limit; it must sit well inside the authorizer's own deadline.</summary>
    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Cache-Control max-age is honoured within [<see cref="MinTtl"/>, <see cref="MaxTtl"/>].</summary>
    public TimeSpan MinTtl { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxTtl { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The lifetime when the response names none.</summary>
    public TimeSpan DefaultTtl { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>At most one refresh per URL in this interval for tokens naming an unknown kid, and the wait after a failed fetch.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long past its lifetime a set is still served while refreshes fail.</summary>
    public TimeSpan MaxStale { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Plain HTTP to 127.0.0.1 or localhost (the local runner and tests); never in a deployed function.</summary>
    public bool AllowLoopbackHttp { get; init; }

    public void Validate()
    {
        if (FetchTimeout <= TimeSpan.Zero || FetchTimeout > TimeSpan.FromSeconds(10))
        {
            throw new ArgumentException("The JWKS fetch timeout must be above 0 and at most 10 seconds.");
        }

        if (MinTtl <= TimeSpan.Zero || MaxTtl < MinTtl || DefaultTtl < MinTtl || DefaultTtl > MaxTtl)
        {
            throw new ArgumentException("JWKS lifetimes must satisfy 0 < MinTtl <= DefaultTtl <= MaxTtl.");
        }

        if (RefreshInterval <= TimeSpan.Zero || MaxStale < TimeSpan.Zero)
        {
            throw new ArgumentException("The JWKS refresh interval must be positive and MaxStale not negative.");
        }
    }
}
