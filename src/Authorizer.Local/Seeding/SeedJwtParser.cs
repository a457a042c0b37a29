using System.Text.Json;
using Authorizer.Core.Jwt;

namespace Authorizer.Local.Seeding;

/// <summary>
/// An API's <c>jwt</c> section in a seed file: the fields of the management API's, except that <c>app</c> names a
/// seed app (by its <c>name</c>), which the seeder resolves to that app's id. Checked by Core's rules, with plain
/// HTTP JWKS URLs on the loopback interface allowed (the runner serves local identity providers).
/// </summary>
internal static class SeedJwtParser
{
    public static JwtSettings Parse(JsonElement jwt, string path)
    {
        SeedParser.Expect(jwt, JsonValueKind.Object, path);
        SeedParser.Known(jwt, path, "mode", "source", "name", "prefix", "bypassEmptyToken", "app", "issuers", "audiences", "algorithms", "clockToleranceSeconds", "requiredClaims", "claimsToContext", "preventJtiReplay", "jwks", "jwksUri", "discovery");
        var source = SeedParser.OptionalString(jwt, "source", path) switch
        {
            null or "header" => JwtTokenSource.Header,
            "query" => JwtTokenSource.Query,
            "cookie" => JwtTokenSource.Cookie,
            _ => throw new SeedException($"{path}.source: expected header, query or cookie"),
        };
        var settings = new JwtSettings
        {
            Mode = SeedParser.OptionalString(jwt, "mode", path) switch
            {
                null or "jwt" => JwtMode.Jwt,
                "app_or_jwt" => JwtMode.AppOrJwt,
                "app_and_jwt" => JwtMode.AppAndJwt,
                _ => throw new SeedException($"{path}.mode: expected jwt, app_or_jwt or app_and_jwt"),
            },
            Source = source,
            Name = SeedParser.OptionalString(jwt, "name", path) ?? (source == JwtTokenSource.Query ? JwtSettings.DefaultQuery : JwtSettings.DefaultHeader),
            Prefix = jwt.TryGetProperty("prefix", out _) ? SeedParser.OptionalString(jwt, "prefix", path) ?? string.Empty : source == JwtTokenSource.Header ? JwtSettings.DefaultPrefix : string.Empty,
            BypassEmptyToken = Flag(jwt, "bypassEmptyToken", path),
            Provider = new JwtProvider
            {
                AppId = SeedParser.OptionalString(jwt, "app", path),
                Issuers = SeedParser.Strings(jwt, "issuers", path),
                Audiences = SeedParser.Strings(jwt, "audiences", path),
                Algorithms = jwt.TryGetProperty("algorithms", out _) ? SeedParser.Strings(jwt, "algorithms", path) : JwtAlgorithm.AllNames,
                ClockToleranceSeconds = jwt.TryGetProperty("clockToleranceSeconds", out var tolerance) && tolerance.TryGetInt32(out var seconds)
                    ? seconds
                    : JwtLimits.DefaultClockToleranceSeconds,
                RequiredClaims = SeedParser.Strings(jwt, "requiredClaims", path),
                ClaimsToContext = SeedParser.Strings(jwt, "claimsToContext", path),
                PreventJtiReplay = Flag(jwt, "preventJtiReplay", path),
                Jwks = jwt.TryGetProperty("jwks", out var jwks) && jwks.ValueKind == JsonValueKind.Object ? jwks.GetRawText() : null,
                JwksUri = SeedParser.OptionalString(jwt, "jwksUri", path),
                Discovery = Flag(jwt, "discovery", path),
            },
        };
        var problems = JwtSettingsValidation.Validate(settings, allowLoopbackHttp: true);
        return problems.Count == 0
            ? settings
            : throw new SeedException($"{path}{problems[0].Field["jwt".Length..]}: {problems[0].Message}");
    }

    private static bool Flag(JsonElement parent, string name, string path) =>
        !parent.TryGetProperty(name, out var value) ? false : value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new SeedException($"{path}.{name}: expected true or false"),
        };
}
