using Authorizer.Core.Requests;

namespace Authorizer.Management;

/// <summary>
/// One management call, independent of transport. <see cref="CallerAppId"/> is the app the authorizer let in
/// (from the authorizer context), null when the call came without one.
/// </summary>
public sealed record ManagementRequest
{
    public required string Method { get; init; }
    public required string Path { get; init; }
    public QueryMap Query { get; init; } = new();
    public HeaderMap Headers { get; init; } = new();
    public string? Body { get; init; }
    public string? CallerAppId { get; init; }
    public string? SourceApiId { get; init; }
    public string? SourceStage { get; init; }

    /// <summary>The caller's address (<c>requestContext.identity.sourceIp</c>), for the failure throttle of <c>POST /v1/tokens</c>.</summary>
    public string? SourceIp { get; init; }
}

/// <summary>The answer: status, headers (single-valued) and a body that may be empty.</summary>
public sealed record ManagementResponse(int StatusCode, IReadOnlyDictionary<string, string> Headers, string Body);
