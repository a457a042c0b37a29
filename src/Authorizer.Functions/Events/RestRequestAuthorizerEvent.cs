using System.Text.Json;
using System.Text.Json.Serialization;

namespace Authorizer.Functions.Events;

/// <summary>
/// A REST API <c>REQUEST</c> authorizer event (also the HTTP API payload format 1.0). Live traffic carries
/// <c>multiValueHeaders</c> and <c>multiValueQueryStringParameters</c>; samples may omit them, so both forms are accepted.
/// </summary>
public sealed record RestRequestAuthorizerEvent
{
    [JsonPropertyName("version")]
    public string? Version { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("methodArn")]
    public string? MethodArn { get; init; }

    [JsonPropertyName("resource")]
    public string? Resource { get; init; }

    /// <summary>The path without the stage; signatures use <see cref="RestRequestContext.Path"/> when present.</summary>
    [JsonPropertyName("path")]
    public string? Path { get; init; }

    [JsonPropertyName("httpMethod")]
    public string? HttpMethod { get; init; }

    [JsonPropertyName("headers")]
    public Dictionary<string, string?>? Headers { get; init; }

    [JsonPropertyName("multiValueHeaders")]
    public Dictionary<string, List<string?>?>? MultiValueHeaders { get; init; }

    [JsonPropertyName("queryStringParameters")]
    public Dictionary<string, string?>? QueryStringParameters { get; init; }

    [JsonPropertyName("multiValueQueryStringParameters")]
    public Dictionary<string, List<string?>?>? MultiValueQueryStringParameters { get; init; }

    [JsonPropertyName("pathParameters")]
    public Dictionary<string, string?>? PathParameters { get; init; }

    [JsonPropertyName("stageVariables")]
    public Dictionary<string, string?>? StageVariables { get; init; }

    [JsonPropertyName("requestContext")]
    public RestRequestContext? RequestContext { get; init; }

    /// <summary>Fields API Gateway adds that this contract does not name; kept so a round trip loses nothing.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
