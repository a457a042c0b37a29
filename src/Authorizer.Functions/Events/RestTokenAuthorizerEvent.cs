using System.Text.Json;
using System.Text.Json.Serialization;

namespace Authorizer.Functions.Events;

/// <summary>A REST API <c>TOKEN</c> authorizer event: one header's value and the method ARN.</summary>
public sealed record RestTokenAuthorizerEvent
{
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("authorizationToken")]
    public string? AuthorizationToken { get; init; }

    [JsonPropertyName("methodArn")]
    public string? MethodArn { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
