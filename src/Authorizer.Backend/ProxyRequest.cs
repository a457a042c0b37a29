using Authorizer.Core.Requests;

namespace Authorizer.Backend;

/// <summary>
/// A request as a protected function received it, in the form the signature checks read: the path as on the
/// wire, decoded query pairs, headers (repeats kept), the body's bytes and the authorizer's context. Built from a
/// proxy event by <see cref="ProxyEventReader"/> or from an ASP.NET Core request by the middleware package.
/// </summary>
public sealed class ProxyRequest
{
    public required string Method { get; init; }

    /// <summary>The path as on the wire (percent-escapes kept), the same path the authorizer verified.</summary>
    public required string Path { get; init; }

    public required HeaderMap Headers { get; init; }

    public required QueryMap Query { get; init; }

    /// <summary>The body's bytes (base64 already decoded); empty when there is none.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The authorizer's context (<c>requestContext.authorizer</c>); empty when no authorizer ran.</summary>
    public IReadOnlyDictionary<string, string> AuthorizerContext { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The API whose settings apply (<c>requestContext.apiId</c>).</summary>
    public required string ApiId { get; init; }

    public string Stage { get; init; } = "$default";

    public string AccountId { get; init; } = string.Empty;

    public string? SourceIp { get; init; }

    internal AuthRequest ToAuthRequest() => new()
    {
        Kind = EventKind.RestRequest,
        Method = Method.ToUpperInvariant(),
        Path = Path,
        Headers = Headers,
        Query = Query,

        // Only the API id is read (for its settings); the ARN is never built into a policy here.
        Target = new ApiTarget(string.Empty, "aws", string.Empty, AccountId, ApiId, Stage, Method.ToUpperInvariant(), Path),
        SourceIp = SourceIp,
    };
}
