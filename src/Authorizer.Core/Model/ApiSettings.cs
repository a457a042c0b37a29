namespace Authorizer.Core.Model;

/// <summary>Per-API authentication settings. The record with <see cref="ApiId"/> <c>*</c> is the default for every API.</summary>
public sealed record ApiSettings
{
    public const string DefaultApiId = "*";
    public const int DefaultTokenTtlSeconds = 86_400;

    public required string ApiId { get; init; }
    public IReadOnlyList<string> AllowedSchemes { get; init; } = SchemeIds.All;
    public AppCodeLocation AppCodeLocation { get; init; } = AppCodeLocation.Header;
    public ReplayProtection ReplayProtection { get; init; } = ReplayProtection.Optional;
    public bool AllowHmacSha1 { get; init; }
    public int TokenTtlSeconds { get; init; } = DefaultTokenTtlSeconds;
    public long Version { get; init; }

    /// <summary>The API's JWT plug-in (identity provider, token location, mode); null when the API takes no JWTs.</summary>
    public Jwt.JwtSettings? Jwt { get; init; }

    /// <summary>The settings in force when neither the API nor <c>*</c> has a record.</summary>
    public static ApiSettings BuiltInDefault(string apiId) => new() { ApiId = apiId };

    public bool Allows(string schemeId)
    {
        // Runs on every decision: an indexed loop, not an enumerator.
        var schemes = AllowedSchemes;
        for (var i = 0; i < schemes.Count; i++)
        {
            if (string.Equals(schemes[i], schemeId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

public enum AppCodeLocation
{
    Header,
    HeaderAndQuery,
}

public enum ReplayProtection
{
    Required,
    Optional,
    Off,
}
