using System.Text.Json;
using System.Text.Json.Serialization;

namespace Authorizer.Functions.Events;

/// <summary>A REST API Lambda proxy integration request (what a protected backend receives).</summary>
public sealed record RestProxyRequest
{
    [JsonPropertyName("resource")]
    public string? Resource { get; init; }

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

    [JsonPropertyName("body")]
    public string? Body { get; init; }

    [JsonPropertyName("isBase64Encoded")]
    public bool? IsBase64Encoded { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
