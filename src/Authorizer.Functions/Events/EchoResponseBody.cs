using System.Text.Json;
using System.Text.Json.Serialization;

namespace Authorizer.Functions.Events;

/// <summary>What the sample protected function answers: what it was asked and who the authorizer let in.</summary>
public sealed record EchoResponseBody
{
    [JsonPropertyName("method")]
    public string? Method { get; init; }

    [JsonPropertyName("path")]
    public string? Path { get; init; }

    [JsonPropertyName("query")]
    public Dictionary<string, List<string>>? Query { get; init; }

    [JsonPropertyName("authorizer")]
    public Dictionary<string, JsonElement>? Authorizer { get; init; }
}

/// <summary>The JSON body of a 4xx answer from a protected function.</summary>
public sealed record ErrorResponseBody
{
    [JsonPropertyName("error")]
    public required string Error { get; init; }

    [JsonPropertyName("message")]
    public required string Message { get; init; }
}
