namespace Authorizer.Benchmarks;

/// <summary>A clock stopped at one instant, without the locking a test clock needs, so it adds nothing to a measurement.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
