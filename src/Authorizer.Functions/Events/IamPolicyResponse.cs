using System.Text.Json;
using System.Text.Json.Serialization;

namespace Authorizer.Functions.Events;

/// <summary>A Lambda authorizer's IAM policy answer (REST APIs, and HTTP APIs configured for IAM responses).</summary>
public sealed record IamPolicyResponse
{
    [JsonPropertyName("principalId")]
    public required string PrincipalId { get; init; }

    [JsonPropertyName("policyDocument")]
    public required PolicyDocument PolicyDocument { get; init; }

    /// <summary>Passed to the backend as <c>requestContext.authorizer</c>; values are strings, numbers or booleans.</summary>
    [JsonPropertyName("context")]
    public Dictionary<string, JsonElement>? Context { get; init; }

    /// <summary>The usage-plan API key, for APIs whose key source is the authorizer.</summary>
    [JsonPropertyName("usageIdentifierKey")]
    public string? UsageIdentifierKey { get; init; }
}

public sealed record PolicyDocument
{
    public const string CurrentVersion = "2012-10-17";

    [JsonPropertyName("Version")]
    public string Version { get; init; } = CurrentVersion;

    [JsonPropertyName("Statement")]
    public required List<PolicyStatement> Statement { get; init; }
}

/// <summary>One statement. IAM allows a single string or a list for Action and Resource; lists are always written.</summary>
public sealed record PolicyStatement
{
    public const string InvokeAction = "execute-api:Invoke";
    public const string AllowEffect = "Allow";
    public const string DenyEffect = "Deny";

    [JsonPropertyName("Action")]
    [JsonConverter(typeof(StringOrListConverter))]
    public required List<string> Action { get; init; }

    [JsonPropertyName("Effect")]
    public required string Effect { get; init; }

    [JsonPropertyName("Resource")]
    [JsonConverter(typeof(StringOrListConverter))]
    public required List<string> Resource { get; init; }
}
