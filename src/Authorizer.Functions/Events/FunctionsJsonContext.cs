using System.Text.Json;
using System.Text.Json.Serialization;

namespace Authorizer.Functions.Events;

/// <summary>
/// Source-generated (reflection-free, AOT-safe) serialization for every event and response contract.
/// Duplicate JSON keys are rejected: with two <c>methodArn</c> or two <c>Authorization</c> keys the reader
/// could not know which one API Gateway meant.
/// </summary>
[JsonSourceGenerationOptions(
    AllowDuplicateProperties = false,
    MaxDepth = FunctionsJsonContext.MaxJsonDepth,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(RestRequestAuthorizerEvent))]
[JsonSerializable(typeof(RestTokenAuthorizerEvent))]
[JsonSerializable(typeof(HttpApiAuthorizerEvent))]
[JsonSerializable(typeof(IamPolicyResponse))]
[JsonSerializable(typeof(HttpApiSimpleResponse))]
[JsonSerializable(typeof(RestProxyRequest))]
[JsonSerializable(typeof(RestProxyResponse))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, List<string>>))]
[JsonSerializable(typeof(EchoResponseBody))]
[JsonSerializable(typeof(ErrorResponseBody))]
public sealed partial class FunctionsJsonContext : JsonSerializerContext
{
    /// <summary>Deep enough for every API Gateway event (about six levels), shallow enough to refuse abuse.</summary>
    public const int MaxJsonDepth = 32;

    /// <summary>API Gateway's own payload limits keep events far below this.</summary>
    public const int MaxEventBytes = 1024 * 1024;
}
