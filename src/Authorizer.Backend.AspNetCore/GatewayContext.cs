namespace Authorizer.Backend.AspNetCore;

/// <summary>
/// What API Gateway told the backend about a request: the API it came through and the authorizer's context.
/// How a host finds it depends on the Lambda adapter in use, so <see cref="BackendVerificationOptions.Gateway"/>
/// reads it.
/// </summary>
public sealed record GatewayContext
{
    public required string ApiId { get; init; }

    public string Stage { get; init; } = "$default";

    /// <summary>The authorizer's context entries (<c>requestContext.authorizer</c>, or its <c>lambda</c> object).</summary>
    public IReadOnlyDictionary<string, string> Authorizer { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
