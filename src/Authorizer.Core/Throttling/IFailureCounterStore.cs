namespace Authorizer.Core.Throttling;

/// <summary>
/// Shared failure counters, so that the throttle holds across containers. Written only when a guess fails and
/// read only when a container's own count is near the limit; a counter's name carries its window, so a counter
/// is never written again after it expires.
/// </summary>
public interface IFailureCounterStore
{
    /// <summary>Adds one to the counter atomically and returns its value after the add; the counter lives until <paramref name="expiresAt"/>.</summary>
    Task<long> AddFailureAsync(string counter, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>The counter's value; 0 when it is absent or has expired.</summary>
    Task<long> GetFailureCountAsync(string counter, CancellationToken cancellationToken = default);
}
