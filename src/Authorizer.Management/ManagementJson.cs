using System.Text.Json;
using System.Text.Json.Serialization;

namespace Authorizer.Management;

// Request bodies. Every member is optional at the JSON level; the handlers validate and answer with field errors.
internal sealed class EmptyBody
{
}

internal sealed class CreateAppBody
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Status { get; set; }
    public List<string>? Roles { get; set; }
    public string? UsagePlanKey { get; set; }
}

internal sealed class UpdateAppBody
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Status { get; set; }
    public List<string>? Roles { get; set; }
    public string? UsagePlanKey { get; set; }
    public long? Version { get; set; }
}

internal sealed class ResetSecretBody
{
    public int? GraceSeconds { get; set; }
}

internal sealed class PutApiSettingsBody
{
    public List<string>? AllowedSchemes { get; set; }
    public string? AppcodeLocation { get; set; }
    public string? ReplayProtection { get; set; }
    public bool? AllowHmacSha1 { get; set; }
    public int? TokenTtlSeconds { get; set; }
    public long? Version { get; set; }
    public JwtBody? Jwt { get; set; }
}

internal sealed class RouteBody
{
    public string? Method { get; set; }
    public string? Path { get; set; }
}

internal sealed class CreateAuthorizationBody
{
    public string? ApiId { get; set; }
    public string? Stage { get; set; }
    public List<RouteBody?>? Routes { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
}

internal sealed class IssueTokenBody
{
    public string? AppKey { get; set; }
    public string? AppSecret { get; set; }
    public string? ApiId { get; set; }
}

internal sealed class RevokeTokenBody
{
    public string? Token { get; set; }
    public string? Jti { get; set; }
}

// Response bodies.
internal sealed record AppView(
    string AppId,
    string Name,
    string? Description,
    string AppKey,
    string Status,
    IReadOnlyList<string> Roles,
    string? UsagePlanKey,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PreviousSecretExpiresAt);

internal sealed record CreatedAppView(
    string AppId,
    string Name,
    string? Description,
    string AppKey,
    string AppSecret,
    AppCodeView AppCode,
    string Status,
    IReadOnlyList<string> Roles,
    string? UsagePlanKey,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

internal sealed record AppCodeView(string CodeId, string AppId, string? AppCode, string Masked, DateTimeOffset CreatedAt);

internal sealed record SecretResetView(string AppId, string AppSecret, long Version, DateTimeOffset? PreviousSecretExpiresAt);

internal sealed record ApiSettingsView(
    string ApiId,
    IReadOnlyList<string> AllowedSchemes,
    string AppcodeLocation,
    string ReplayProtection,
    bool AllowHmacSha1,
    int TokenTtlSeconds,
    long Version,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JwtView? Jwt = null);

internal sealed record RouteView(string Method, string Path);

internal sealed record AuthorizationView(
    string AuthId,
    string AppId,
    string ApiId,
    string Stage,
    IReadOnlyList<RouteView> Routes,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset CreatedAt);

internal sealed record TokenView(string AppId, string Jti, DateTimeOffset ExpiresAt);

internal sealed record RevokedTokenView(string Jti, DateTimeOffset RevokedUntil);

internal sealed record AppTokensRevokedView(string AppId, DateTimeOffset TokensIssuedBefore, long Version);

internal sealed record ListView<T>(IReadOnlyList<T> Items, string? NextToken);

internal sealed record ProblemView(
    string Type,
    string Title,
    int Status,
    string Code,
    string? Detail,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Errors);

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false,
    MaxDepth = 16)]
[JsonSerializable(typeof(EmptyBody))]
[JsonSerializable(typeof(CreateAppBody))]
[JsonSerializable(typeof(UpdateAppBody))]
[JsonSerializable(typeof(ResetSecretBody))]
[JsonSerializable(typeof(PutApiSettingsBody))]
[JsonSerializable(typeof(CreateAuthorizationBody))]
[JsonSerializable(typeof(IssueTokenBody))]
[JsonSerializable(typeof(RevokeTokenBody))]
[JsonSerializable(typeof(AppView))]
[JsonSerializable(typeof(CreatedAppView))]
[JsonSerializable(typeof(AppCodeView))]
[JsonSerializable(typeof(SecretResetView))]
[JsonSerializable(typeof(ApiSettingsView))]
[JsonSerializable(typeof(AuthorizationView))]
[JsonSerializable(typeof(TokenView))]
[JsonSerializable(typeof(RevokedTokenView))]
[JsonSerializable(typeof(AppTokensRevokedView))]
[JsonSerializable(typeof(ListView<AppView>))]
[JsonSerializable(typeof(ListView<AppCodeView>))]
[JsonSerializable(typeof(ListView<ApiSettingsView>))]
[JsonSerializable(typeof(ListView<AuthorizationView>))]
[JsonSerializable(typeof(ProblemView))]
internal sealed partial class ManagementJsonContext : JsonSerializerContext
{
}
