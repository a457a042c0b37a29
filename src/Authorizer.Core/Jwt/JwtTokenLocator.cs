using Authorizer.Core.Requests;

namespace Authorizer.Core.Jwt;

/// <summary>
/// Finds the JWT where the API's settings put it: a header (with its scheme word), a query parameter, or a cookie
/// (HTTP API <c>cookies</c> arrive as the <c>cookie</c> header). Sent twice is ambiguous, as for every other
/// credential: a request must not choose which copy counts.
/// </summary>
internal static class JwtTokenLocator
{
    public static JwtTokenLookup Find(AuthRequest request, JwtSettings settings) => settings.Source switch
    {
        JwtTokenSource.Query => FromValues(request.Query.Contains(settings.Name) ? request.Query.GetAll(settings.Name) : [], settings.Name),
        JwtTokenSource.Cookie => FromCookies(request, settings.Name),
        _ => FromHeader(request, settings),
    };

    private static JwtTokenLookup FromHeader(AuthRequest request, JwtSettings settings)
    {
        if (request.Kind == EventKind.RestToken)
        {
            // A TOKEN authorizer sees only its identity source's value; with a prefix, only a value with that word is the JWT.
            return request.AuthorizationToken is { } value && TryStrip(value, settings.Prefix, out var token)
                ? JwtTokenLookup.Found(token, usesAuthorization: true)
                : JwtTokenLookup.Absent;
        }

        var values = request.Headers.GetAll(settings.Name);
        if (values.Count == 0)
        {
            return JwtTokenLookup.Absent;
        }

        // HTTP API events join repeated headers with commas, which a JWT never holds.
        if (values.Count > 1 || values[0].Contains(',', StringComparison.Ordinal))
        {
            return settings.OwnsAuthorizationHeader && settings.Prefix.Length > 0 && !AnyHasPrefix(values, settings.Prefix)
                ? JwtTokenLookup.Absent
                : JwtTokenLookup.Ambiguous($"The request carries the {settings.Name} header more than once.");
        }

        if (TryStrip(values[0], settings.Prefix, out var found))
        {
            return JwtTokenLookup.Found(found, usesAuthorization: settings.OwnsAuthorizationHeader);
        }

        // The Authorization header may carry an app credential of another scheme (APPCODE, SDK-HMAC-SHA256, Basic).
        return settings.OwnsAuthorizationHeader
            ? JwtTokenLookup.Absent
            : JwtTokenLookup.Malformed($"The {settings.Name} header must be \"{settings.Prefix} <token>\".");
    }

    private static JwtTokenLookup FromCookies(AuthRequest request, string name)
    {
        var found = new List<string>(1);
        foreach (var header in request.Headers.GetAll("cookie"))
        {
            foreach (var part in header.Split(';'))
            {
                var pair = part.AsSpan().Trim();
                var equals = pair.IndexOf('=');
                if (equals > 0 && pair[..equals].Trim().SequenceEqual(name))
                {
                    found.Add(pair[(equals + 1)..].Trim().ToString());
                }
            }
        }

        return FromValues(found, name);
    }

    private static JwtTokenLookup FromValues(IReadOnlyList<string> values, string name) => values.Count switch
    {
        0 => JwtTokenLookup.Absent,
        1 when values[0].Length == 0 => JwtTokenLookup.Absent,
        1 => JwtTokenLookup.Found(values[0], usesAuthorization: false),
        _ => JwtTokenLookup.Ambiguous($"The request carries the {name} token more than once."),
    };

    private static bool AnyHasPrefix(IReadOnlyList<string> values, string prefix)
    {
        foreach (var value in values)
        {
            foreach (var part in value.Split(','))
            {
                if (TryStrip(part, prefix, out _))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The token after <c>{prefix} </c> (the word case-insensitive, as for HTTP auth schemes), or the whole value without a prefix.</summary>
    private static bool TryStrip(string value, string prefix, out string token)
    {
        var trimmed = value.AsSpan().Trim();
        if (prefix.Length == 0)
        {
            token = trimmed.ToString();
            return token.Length > 0;
        }

        if (trimmed.Length > prefix.Length && trimmed.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && trimmed[prefix.Length] == ' ')
        {
            token = trimmed[(prefix.Length + 1)..].Trim().ToString();
            return true;
        }

        token = string.Empty;
        return trimmed.Equals(prefix, StringComparison.OrdinalIgnoreCase) && Found(out token);
    }

    /// <summary>A bare scheme word is a JWT credential with an empty token (refused as invalid), not an absent one.</summary>
    private static bool Found(out string token)
    {
        token = string.Empty;
        return true;
    }
}

internal enum JwtTokenStatus
{
    Absent,
    Found,
    Malformed,
    Ambiguous,
}

internal readonly record struct JwtTokenLookup(JwtTokenStatus Status, string Token, string? Message, bool UsesAuthorization)
{
    public static readonly JwtTokenLookup Absent = new(JwtTokenStatus.Absent, string.Empty, null, false);

    public static JwtTokenLookup Found(string token, bool usesAuthorization) => new(JwtTokenStatus.Found, token, null, usesAuthorization);

    public static JwtTokenLookup Malformed(string message) => new(JwtTokenStatus.Malformed, string.Empty, message, false);

    public static JwtTokenLookup Ambiguous(string message) => new(JwtTokenStatus.Ambiguous, string.Empty, message, false);
}
