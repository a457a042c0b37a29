using System.Text.Json.Serialization;
using Authorizer.Core.Model;

namespace Authorizer.Store.Sqlite;

/// <summary>Row bodies are JSON; key and query columns sit beside them so lookups never parse.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AppRecord))]
[JsonSerializable(typeof(ApiSettings))]
[JsonSerializable(typeof(AppAuthorization))]
internal sealed partial class SqliteJson : JsonSerializerContext;
