using System.Text.Json;
using Authorizer.Core.Jwt;

namespace Authorizer.Management;

/// <summary>The <c>jwt</c> section of an API's settings: read from the body, checked by Core's rules, shown back.</summary>
public sealed partial class ManagementApi
{
    private JwtSettings? ReadJwt(JwtBody body, FieldErrors errors)
    {
        var mode = body.Mode switch
        {
            null or "jwt" => JwtMode.Jwt,
            "app_or_jwt" => JwtMode.AppOrJwt,
            "app_and_jwt" => JwtMode.AppAndJwt,
            _ => Invalid(errors, "jwt.mode", "mode must be jwt, app_or_jwt or app_and_jwt.", JwtMode.Jwt),
        };
        var source = body.Source switch
        {
            null or "header" => JwtTokenSource.Header,
            "query" => JwtTokenSource.Query,
            "cookie" => JwtTokenSource.Cookie,
            _ => Invalid(errors, "jwt.source", "source must be header, query or cookie.", JwtTokenSource.Header),
        };
        var name = body.Name ?? source switch
        {
            JwtTokenSource.Header => JwtSettings.DefaultHeader,
            JwtTokenSource.Query => JwtSettings.DefaultQuery,
            _ => Invalid(errors, "jwt.name", "a cookie source needs the cookie's name.", "cookie"),
        };
        if (body.Jwks is { ValueKind: not JsonValueKind.Object })
        {
            errors.Add("jwt.jwks", "jwks must be a JWKS object ({\"keys\": [...]}).");
        }

        if (errors.Any)
        {
            return null;
        }

        var defaults = new JwtProvider();
        var settings = new JwtSettings
        {
            Mode = mode,
            Source = source,
            Name = name,
            Prefix = body.Prefix ?? (source == JwtTokenSource.Header ? JwtSettings.DefaultPrefix : string.Empty),
            BypassEmptyToken = body.BypassEmptyToken ?? false,
            Provider = new JwtProvider
            {
                AppId = body.AppId,
                Issuers = body.Issuers ?? [],
                Audiences = body.Audiences ?? [],
                Algorithms = body.Algorithms ?? defaults.Algorithms,
                ClockToleranceSeconds = body.ClockToleranceSeconds ?? defaults.ClockToleranceSeconds,
                RequiredClaims = body.RequiredClaims ?? [],
                ClaimValues = body.ClaimValues ?? new Dictionary<string, string>(StringComparer.Ordinal),
                ClaimsToContext = body.ClaimsToContext ?? [],
                PreventJtiReplay = body.PreventJtiReplay ?? false,
                PassToken = body.PassToken ?? false,
                Jwks = body.Jwks?.GetRawText(),
                JwksUri = body.JwksUri,
                Discovery = body.Discovery ?? false,
            },
        };
        foreach (var (field, message) in JwtSettingsValidation.Validate(settings, _options.AllowLoopbackJwksHttp))
        {
            errors.Add(field, message);
        }

        return settings;
    }

    private static JwtView? ToJwtView(JwtSettings? jwt)
    {
        if (jwt is null)
        {
            return null;
        }

        var p = jwt.Provider;
        JsonElement? jwks = null;
        if (p.Jwks is { } text)
        {
            using var document = JsonDocument.Parse(text);
            jwks = document.RootElement.Clone();
        }

        return new JwtView(
            jwt.Mode switch { JwtMode.AppOrJwt => "app_or_jwt", JwtMode.AppAndJwt => "app_and_jwt", _ => "jwt" },
            jwt.Source switch { JwtTokenSource.Query => "query", JwtTokenSource.Cookie => "cookie", _ => "header" },
            jwt.Name,
            jwt.Prefix,
            jwt.BypassEmptyToken,
            p.AppId,
            p.Issuers,
            p.Audiences,
            p.Algorithms,
            p.ClockToleranceSeconds,
            p.RequiredClaims,
            p.ClaimValues,
            p.ClaimsToContext,
            p.PreventJtiReplay,
            p.PassToken,
            jwks,
            p.JwksUri,
            p.Discovery);
    }
}
