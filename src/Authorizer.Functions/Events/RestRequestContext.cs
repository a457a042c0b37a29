using System.Text.Json;
using System.Text.Json.Serialization;

namespace Authorizer.Functions.Events;

/// <summary>The <c>requestContext</c> of REST authorizer and proxy events.</summary>
public sealed record RestRequestContext
{
    /// <summary>The path as sent on the wire, still percent-encoded; includes the stage on <c>execute-api</c> URLs.</summary>
    [JsonPropertyName("path")]
    public string? Path { get; init; }

    [JsonPropertyName("accountId")]
    public string? AccountId { get; init; }

    [JsonPropertyName("resourceId")]
    public string? ResourceId { get; init; }

    [JsonPropertyName("stage")]
    public string? Stage { get; init; }

    [JsonPropertyName("requestId")]
    public string? RequestId { get; init; }

    [JsonPropertyName("resourcePath")]
    public string? ResourcePath { get; init; }

    [JsonPropertyName("httpMethod")]
    public string? HttpMethod { get; init; }

    [JsonPropertyName("apiId")]
    public string? ApiId { get; init; }

    [JsonPropertyName("domainName")]
    public string? DomainName { get; init; }

    [JsonPropertyName("identity")]
    public RequestIdentity? Identity { get; init; }

    /// <summary>
    /// In proxy events behind a Lambda authorizer: the authorizer's <c>context</c> plus <c>principalId</c>
    /// (and <c>integrationLatency</c>); values are strings, numbers or booleans.
    /// </summary>
    [JsonPropertyName("authorizer")]
    public Dictionary<string, JsonElement>? Authorizer { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary><c>requestContext.identity</c>: only the caller's address is used; the rest is kept as sent.</summary>
public sealed record RequestIdentity
{
    [JsonPropertyName("sourceIp")]
    public string? SourceIp { get; init; }

    [JsonPropertyName("userAgent")]
    public string? UserAgent { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
