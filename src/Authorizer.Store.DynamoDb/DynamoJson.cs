using System.Text.Json.Serialization;
using Authorizer.Core.Model;

namespace Authorizer.Store.DynamoDb;

/// <summary>Record bodies are one JSON attribute; keys, versions and TTL sit beside them as attributes.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AppRecord))]
[JsonSerializable(typeof(ApiSettings))]
[JsonSerializable(typeof(AppAuthorization))]
internal sealed partial class DynamoJson : JsonSerializerContext;
