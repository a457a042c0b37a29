namespace Authorizer.Core.Model;

/// <summary>
/// Grants an app the routes of one API and stage. <see cref="ApiId"/> and <see cref="Stage"/> may be <c>*</c>.
/// Route methods are an HTTP method or <c>*</c>; paths may hold <c>*</c> and <c>{param}</c> segments.
/// </summary>
public sealed record AppAuthorization
{
    public required string AuthId { get; init; }
    public required string AppId { get; init; }
    public required string ApiId { get; init; }
    public required string Stage { get; init; }
    public required IReadOnlyList<RouteGrant> Routes { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public bool IsActiveAt(DateTimeOffset now) => ExpiresAt is null || ExpiresAt > now;
}

public sealed record RouteGrant(string Method, string Path);
