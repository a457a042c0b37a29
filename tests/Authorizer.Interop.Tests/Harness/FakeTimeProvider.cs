namespace Authorizer.Interop.Tests.Harness;

/// <summary>A clock that stands still at the instant a test sets: the SDKs signed with the real time.</summary>
public sealed class FakeTimeProvider(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Set(DateTimeOffset now) => _now = now;
}
