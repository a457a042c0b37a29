namespace Authorizer.Core.Requests;

/// <summary>
/// One request as the authorizer sees it, normalized from any event kind. No body: API Gateway never
/// passes it to an authorizer.
/// </summary>
public sealed class AuthRequest
{
    public required EventKind Kind { get; init; }

    /// <summary>Upper-case HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>
    /// The path as the caller sent it, still percent-encoded (REST <c>requestContext.path</c>; an HTTP API's
    /// decoded <c>rawPath</c> re-encoded). This is the path the signatures cover.
    /// </summary>
    public required string Path { get; init; }

    /// <summary>Case-insensitive, multi-valued headers.</summary>
    public required HeaderMap Headers { get; init; }

    /// <summary>Decoded query parameters in arrival order, repeats kept.</summary>
    public required QueryMap Query { get; init; }

    /// <summary>The method or route ARN that the policy must name.</summary>
    public required ApiTarget Target { get; init; }

    public string? SourceIp { get; init; }

    /// <summary>The TOKEN event's single header value; null for other kinds.</summary>
    public string? AuthorizationToken { get; init; }
}

public enum EventKind
{
    RestRequest,
    RestToken,
    HttpApiV2,
}
