using System.Text.Json.Serialization;
using Authorizer.Core.Jwt;

namespace Authorizer.Local.Seeding;

/// <summary>
/// A provider's serialized form, to tell whether a seeded <c>jwt</c> section equals the stored one: its records hold
/// lists, which record equality compares by reference.
/// </summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(JwtSettings))]
internal sealed partial class SeedJson : JsonSerializerContext;
