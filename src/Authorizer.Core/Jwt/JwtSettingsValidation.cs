namespace Authorizer.Core.Jwt;

/// <summary>
/// Checks a <see cref="JwtSettings"/> before it is stored (management API, seed files): every problem is named by its
/// field under <c>jwt.</c>, so a bad provider is refused with a clear message and never reaches a decision.
/// </summary>
public static class JwtSettingsValidation
{
    /// <param name="allowLoopbackHttp">Accept <c>http://127.0.0.1</c> and <c>http://localhost</c> JWKS URLs (local runner and tests only).</param>
    public static IReadOnlyList<(string Field, string Message)> Validate(JwtSettings settings, bool allowLoopbackHttp = false)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<(string, string)>();
        var p = settings.Provider;

        if (settings.Mode != JwtMode.AppAndJwt && string.IsNullOrEmpty(p.AppId))
        {
            errors.Add(("jwt.appId", "appId names the app whose route authorizations JWT callers get; it is required unless mode is app_and_jwt."));
        }
        else if (p.AppId is { Length: > JwtLimits.MaxConfigValueLength })
        {
            errors.Add(("jwt.appId", "appId is too long."));
        }

        CheckList(errors, "jwt.issuers", p.Issuers, 1, JwtLimits.MaxIssuers);
        CheckList(errors, "jwt.audiences", p.Audiences, 0, JwtLimits.MaxAudiences);
        CheckList(errors, "jwt.requiredClaims", p.RequiredClaims, 0, JwtLimits.MaxRequiredClaims, JwtLimits.MaxClaimNameLength);
        CheckClaimNames(errors, "jwt.claimsToContext", p.ClaimsToContext);

        if (p.Algorithms.Count == 0 || p.Algorithms.Any(a => JwtAlgorithm.Find(a) is null))
        {
            errors.Add(("jwt.algorithms", $"algorithms is a non-empty list of {string.Join(", ", JwtAlgorithm.AllNames)} (no HMAC, no none; EdDSA is not supported)."));
        }

        if (p.ClockToleranceSeconds is < 0 or > JwtLimits.MaxClockToleranceSeconds)
        {
            errors.Add(("jwt.clockToleranceSeconds", $"clockToleranceSeconds must be from 0 to {JwtLimits.MaxClockToleranceSeconds}."));
        }

        if (p.ClaimValues.Count > JwtLimits.MaxClaimValues
            || p.ClaimValues.Any(c => c.Key.Length is 0 or > JwtLimits.MaxClaimNameLength || c.Value is null || c.Value.Length > JwtLimits.MaxConfigValueLength))
        {
            errors.Add(("jwt.claimValues", $"claimValues holds at most {JwtLimits.MaxClaimValues} claims, names 1 to {JwtLimits.MaxClaimNameLength} characters, values up to {JwtLimits.MaxConfigValueLength}."));
        }

        if (p.Jwks is null && p.JwksUri is null && !p.Discovery)
        {
            errors.Add(("jwt.jwks", "a provider needs keys: jwks (a static JWKS), jwksUri, or discovery with an OpenID Connect issuer."));
        }
        else if (p.Jwks is not null && p.JwksError is { } jwksError)
        {
            errors.Add(("jwt.jwks", jwksError));
        }
        else if (p.StaticKeys is { Keys.Count: 0 } && !p.HasRemoteKeys)
        {
            errors.Add(("jwt.jwks", "the JWKS holds no signing key this authorizer can use."));
        }

        if (p.JwksUri is not null && !IsAcceptedJwksUri(p.JwksUri, allowLoopbackHttp))
        {
            errors.Add(("jwt.jwksUri", allowLoopbackHttp
                ? "jwksUri must be an absolute https URL (or http on 127.0.0.1 or localhost)."
                : "jwksUri must be an absolute https URL."));
        }

        CheckDiscovery(errors, p, allowLoopbackHttp);
        CheckLocation(errors, settings);
        return errors;
    }

    /// <summary>HTTPS only; plain HTTP to the loopback interface only when the host allows it (never in a deployed function).</summary>
    public static bool IsAcceptedJwksUri(string uri, bool allowLoopbackHttp)
    {
        if (uri.Length > JwtLimits.MaxConfigValueLength || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !string.IsNullOrEmpty(parsed.UserInfo))
        {
            return false;
        }

        return parsed.Scheme == Uri.UriSchemeHttps
            || (allowLoopbackHttp && parsed.Scheme == Uri.UriSchemeHttp && (parsed.IsLoopback || parsed.Host == "localhost"));
    }

    private static void CheckDiscovery(List<(string, string)> errors, JwtProvider p, bool allowLoopbackHttp)
    {
        if (!p.Discovery)
        {
            return;
        }

        if (p.JwksUri is not null)
        {
            errors.Add(("jwt.discovery", "discovery and jwksUri both say where the remote keys are; give one of them."));
        }
        else if (p.Issuers.Count > 0 && !string.IsNullOrEmpty(p.Issuers[0]) && !OpenIdConfiguration.IsDiscoverableIssuer(p.Issuers[0], allowLoopbackHttp))
        {
            errors.Add(("jwt.issuers", allowLoopbackHttp
                ? "with discovery, issuers[0] must be the OpenID Connect issuer: an absolute https URL (or http on 127.0.0.1 or localhost) without query or fragment."
                : "with discovery, issuers[0] must be the OpenID Connect issuer: an absolute https URL without query or fragment."));
        }
    }

    private static void CheckLocation(List<(string, string)> errors, JwtSettings settings)
    {
        var name = settings.Name;
        if (string.IsNullOrEmpty(name) || name.Length > JwtLimits.MaxClaimNameLength || !name.All(IsTokenChar))
        {
            errors.Add(("jwt.name", "name (the header, query parameter or cookie) must be 1 to 64 token characters."));
        }

        if (settings.Source != JwtTokenSource.Header && settings.Prefix.Length > 0)
        {
            errors.Add(("jwt.prefix", "prefix applies to a header only; leave it empty for query and cookie."));
        }
        else if (settings.Prefix.Length > JwtLimits.MaxClaimNameLength || !settings.Prefix.All(IsTokenChar))
        {
            errors.Add(("jwt.prefix", "prefix must be at most 64 token characters (e.g. Bearer), or empty."));
        }

        if (settings.Source == JwtTokenSource.Header && name is not null && IsAppCredentialHeader(name))
        {
            errors.Add(("jwt.name", $"the {name} header carries app credentials; choose another header for the JWT."));
        }
    }

    private static bool IsAppCredentialHeader(string name) =>
        name.Equals("X-Apig-AppCode", StringComparison.OrdinalIgnoreCase)
        || name.Equals("X-Auth-Token", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("X-Ca-", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("X-HW-", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("X-Sdk-", StringComparison.OrdinalIgnoreCase);

    private static void CheckList(List<(string, string)> errors, string field, IReadOnlyList<string> values, int min, int max, int maxLength = JwtLimits.MaxConfigValueLength)
    {
        if (values.Count < min || values.Count > max || values.Any(v => string.IsNullOrEmpty(v) || v.Length > maxLength))
        {
            errors.Add((field, $"{field["jwt.".Length..]} holds {min} to {max} non-empty values of at most {maxLength} characters."));
        }
    }

    private static void CheckClaimNames(List<(string, string)> errors, string field, IReadOnlyList<string> names)
    {
        if (names.Count > JwtLimits.MaxClaimsToContext
            || names.Any(n => string.IsNullOrEmpty(n) || n.Length > JwtLimits.MaxClaimNameLength || !n.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')))
        {
            errors.Add((field, $"claimsToContext holds at most {JwtLimits.MaxClaimsToContext} claim names of 1 to {JwtLimits.MaxClaimNameLength} letters, digits or _ (each becomes the context key claim_NAME)."));
        }
    }

    /// <summary>RFC 9110 token characters.</summary>
    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
