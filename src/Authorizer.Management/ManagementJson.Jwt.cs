using System.Text.Json;

namespace Authorizer.Management;

/// <summary>The <c>jwt</c> section of <c>PUT /v1/apis/{apiId}</c>: the identity provider, where its token travels, and the mode.</summary>
internal sealed class JwtBody
{
    public string? Mode { get; set; }
    public string? Source { get; set; }
    public string? Name { get; set; }
    public string? Prefix { get; set; }
    public bool? BypassEmptyToken { get; set; }
    public string? AppId { get; set; }
    public List<string>? Issuers { get; set; }
    public List<string>? Audiences { get; set; }
    public List<string>? Algorithms { get; set; }
    public int? ClockToleranceSeconds { get; set; }
    public List<string>? RequiredClaims { get; set; }
    public Dictionary<string, string>? ClaimValues { get; set; }
    public List<string>? ClaimsToContext { get; set; }
    public bool? PreventJtiReplay { get; set; }
    public bool? PassToken { get; set; }

    /// <summary>A JWKS object (public keys only).</summary>
    public JsonElement? Jwks { get; set; }

    public string? JwksUri { get; set; }

    /// <summary>OpenID Connect discovery of the keys from <c>issuers[0]</c>.</summary>
    public bool? Discovery { get; set; }
}

internal sealed record JwtView(
    string Mode,
    string Source,
    string Name,
    string Prefix,
    bool BypassEmptyToken,
    string? AppId,
    IReadOnlyList<string> Issuers,
    IReadOnlyList<string> Audiences,
    IReadOnlyList<string> Algorithms,
    int ClockToleranceSeconds,
    IReadOnlyList<string> RequiredClaims,
    IReadOnlyDictionary<string, string> ClaimValues,
    IReadOnlyList<string> ClaimsToContext,
    bool PreventJtiReplay,
    bool PassToken,
    JsonElement? Jwks,
    string? JwksUri,
    bool Discovery);
