using System.Text.Json;
using System.Text.Json.Serialization;

namespace Authorizer.Functions.Events;

/// <summary>An HTTP API authorizer's simple response.</summary>
public sealed record HttpApiSimpleResponse
{
    [JsonPropertyName("isAuthorized")]
    public required bool IsAuthorized { get; init; }

    [JsonPropertyName("context")]
    public Dictionary<string, JsonElement>? Context { get; init; }
}
