using System.Text.Json;
using System.Text.Json.Serialization;

namespace Authorizer.Functions.Events;

/// <summary>
/// An HTTP API (payload format 2.0) <c>REQUEST</c> authorizer event. <c>rawPath</c> arrives decoded,
/// <c>rawQueryString</c> encoded, header names lower-case with repeated headers joined by <c>,</c>.
/// </summary>
public sealed record HttpApiAuthorizerEvent
{
    [JsonPropertyName("version")]
    public string? Version { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("routeArn")]
    public string? RouteArn { get; init; }

    [JsonPropertyName("identitySource")]
    public List<string?>? IdentitySource { get; init; }

    [JsonPropertyName("routeKey")]
    public string? RouteKey { get; init; }

    [JsonPropertyName("rawPath")]
    public string? RawPath { get; init; }

    [JsonPropertyName("rawQueryString")]
    public string? RawQueryString { get; init; }

    [JsonPropertyName("cookies")]
    public List<string?>? Cookies { get; init; }

    [JsonPropertyName("headers")]
    public Dictionary<string, string?>? Headers { get; init; }

    [JsonPropertyName("queryStringParameters")]
    public Dictionary<string, string?>? QueryStringParameters { get; init; }

    [JsonPropertyName("requestContext")]
    public HttpApiRequestContext? RequestContext { get; init; }

    [JsonPropertyName("pathParameters")]
    public Dictionary<string, string?>? PathParameters { get; init; }

    [JsonPropertyName("stageVariables")]
    public Dictionary<string, string?>? StageVariables { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

public sealed record HttpApiRequestContext
{
    [JsonPropertyName("accountId")]
    public string? AccountId { get; init; }

    [JsonPropertyName("apiId")]
    public string? ApiId { get; init; }

    [JsonPropertyName("domainName")]
    public string? DomainName { get; init; }

    [JsonPropertyName("requestId")]
    public string? RequestId { get; init; }

    [JsonPropertyName("routeKey")]
    public string? RouteKey { get; init; }

    [JsonPropertyName("stage")]
    public string? Stage { get; init; }

    [JsonPropertyName("http")]
    public HttpApiHttpDescription? Http { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary><c>requestContext.http</c>.</summary>
public sealed record HttpApiHttpDescription
{
    [JsonPropertyName("method")]
    public string? Method { get; init; }

    [JsonPropertyName("path")]
    public string? Path { get; init; }

    [JsonPropertyName("protocol")]
    public string? Protocol { get; init; }

    [JsonPropertyName("sourceIp")]
    public string? SourceIp { get; init; }

    [JsonPropertyName("userAgent")]
    public string? UserAgent { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
