using System.Text.Json;
using Authorizer.Core.Decisions;

namespace Authorizer.Core.Jwt;

/// <summary>The provider's rules on a verified payload, in a fixed order; run on every use of a token, remembered or not.</summary>
internal static class JwtClaimChecks
{
    public static JwtResult? Check(JwtClaims claims, JwtProvider provider, DateTimeOffset now)
    {
        var seconds = now.ToUnixTimeSeconds();
        var tolerance = provider.ClockToleranceSeconds;
        if (claims.Exp is not { } exp)
        {
            return Missing("exp");
        }

        if (seconds >= exp + tolerance)
        {
            return JwtResult.Failure(ErrorCodes.TokenExpired, "The token has expired.");
        }

        if ((claims.Nbf is { } nbf && nbf > seconds + tolerance) || (claims.Iat is { } iat && iat > seconds + tolerance))
        {
            return JwtResult.Failure(ErrorCodes.TokenNotYetValid, "The token is not valid yet (nbf or iat is in the future).");
        }

        if (claims.Issuer is not { } issuer)
        {
            return Missing("iss");
        }

        if (!Contains(provider.Issuers, issuer))
        {
            return JwtResult.Failure(ErrorCodes.InvalidIssuer, "The token's issuer is not accepted for this API.");
        }

        if (provider.Audiences.Count > 0)
        {
            if (claims.Audiences.Count == 0)
            {
                return Missing("aud");
            }

            if (!claims.Audiences.Any(a => Contains(provider.Audiences, a)))
            {
                return JwtResult.Failure(ErrorCodes.InvalidAudience, "The token's audience is not accepted for this API.");
            }
        }

        if (provider.PreventJtiReplay && string.IsNullOrEmpty(claims.Jti))
        {
            return Missing("jti");
        }

        foreach (var name in provider.RequiredClaims)
        {
            if (!claims.TryGet(name, out _))
            {
                return Missing(name);
            }
        }

        foreach (var (name, expected) in provider.ClaimValues)
        {
            if (!claims.TryGet(name, out var value))
            {
                return Missing(name);
            }

            if (!Holds(value, expected))
            {
                return JwtResult.Failure(ErrorCodes.ClaimMismatch, $"The token's {name} claim does not hold the value this API requires.");
            }
        }

        return null;
    }

    /// <summary>A string equal to <paramref name="expected"/>, an array with such a string, or a number or boolean written so.</summary>
    private static bool Holds(JsonElement value, string expected) => value.ValueKind switch
    {
        JsonValueKind.String => value.ValueEquals(expected),
        JsonValueKind.Array => value.EnumerateArray().Any(item => item.ValueKind == JsonValueKind.String && item.ValueEquals(expected)),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => string.Equals(value.GetRawText(), expected, StringComparison.Ordinal),
        _ => false,
    };

    private static bool Contains(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static JwtResult Missing(string name) =>
        JwtResult.Failure(ErrorCodes.MissingClaim, $"The token lacks the {name} claim this API requires.");
}
