using Authorizer.Core.Requests;
using Authorizer.Core.Signing;

namespace Authorizer.Core.Credentials;

/// <summary>
/// Finds exactly one credential in a request (docs/authentication.md table and §3 sources). More than one — of different
/// schemes, or the same credential twice — is ambiguous: a request must not be able to choose which one counts.
/// A non-blank <c>Authorization</c> header is a credential even when its scheme is unknown: ignoring it would let
/// a result cache keyed on <c>Authorization</c> store another credential's Allow under a value nobody judged.
/// </summary>
internal static class CredentialExtractor
{
    internal const string AppCodeHeader = "X-Apig-AppCode";
    internal const string AuthTokenHeader = "X-Auth-Token";
    internal const string HwIdHeader = "X-HW-ID";
    internal const string HwAppKeyHeader = "X-HW-AppKey";

    /// <summary>Query names the peers accept for an AppCode; names are case-sensitive in a query.</summary>
    internal static readonly string[] AppCodeQueryNames = ["appcode", "appCode", "APPCODE", "APPCode"];

    private static readonly string[] JoinableSingleValueHeaders = [AppCodeHeader, AuthTokenHeader, CaHeaders.Signature];

    private static readonly string[] AuthorizationWords = ["APPCODE ", "Basic ", "Bearer ", SdkCanonicalizer.Algorithm + " "];

    /// <param name="request">The request.</param>
    /// <param name="skipAuthorization">The <c>Authorization</c> header (or TOKEN value) holds the API's JWT and is not an app credential.</param>
    public static ExtractionResult Extract(AuthRequest request, bool skipAuthorization = false)
    {
        return request.Kind == EventKind.RestToken
            ? skipAuthorization ? ExtractionResult.None : ExtractFromToken(request.AuthorizationToken)
            : ExtractFromRequest(request, skipAuthorization);
    }

    private static ExtractionResult ExtractFromToken(string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return ExtractionResult.None;
        }

        var credential = ParseAuthorization(token, allowSdk: false);
        return credential is null ? ExtractionResult.None : ExtractionResult.Found(credential);
    }

    private static ExtractionResult ExtractFromRequest(AuthRequest request, bool skipAuthorization)
    {
        var headers = CredentialHeaders.Collect(request.Headers, skipAuthorization);
        var found = default(Found);

        var authorizations = headers.Authorization;
        if (authorizations.Count > 1 || (authorizations.Count == 1 && HoldsJoinedAuthorizations(authorizations[0])))
        {
            return ExtractionResult.Ambiguous("The request carries more than one Authorization header.");
        }

        // HTTP API events join a repeated header with commas; none of these values can hold a comma itself.
        foreach (var name in JoinableSingleValueHeaders)
        {
            var values = headers.Of(name);
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i].Contains(',', StringComparison.Ordinal))
                {
                    return Duplicate(name);
                }
            }
        }

        var unsupportedAuthorization = false;
        if (authorizations.Count == 1 && !string.IsNullOrWhiteSpace(authorizations[0]))
        {
            if (ParseAuthorization(authorizations[0], allowSdk: true) is { } fromAuthorization)
            {
                found.Add(fromAuthorization);
            }
            else
            {
                unsupportedAuthorization = true;
            }
        }

        var appCodes = headers.AppCode;
        if (appCodes.Count > 1)
        {
            return Duplicate(AppCodeHeader);
        }

        if (appCodes.Count == 1)
        {
            found.Add(new AppCodeCredential(appCodes[0].Trim(), FromQuery: false));
        }

        var queryCodes = 0;
        foreach (var name in AppCodeQueryNames)
        {
            if (!request.Query.Contains(name))
            {
                continue;
            }

            foreach (var value in request.Query.GetAll(name))
            {
                queryCodes++;
                found.Add(new AppCodeCredential(value, FromQuery: true));
            }
        }

        if (queryCodes > 1)
        {
            return ExtractionResult.Ambiguous("The query string carries more than one AppCode.");
        }

        // Two keys or two signatures would let each layer pick a different one.
        foreach (var name in (ReadOnlySpan<string>)[CaHeaders.Signature, CaHeaders.Key])
        {
            if (headers.Of(name).Count > 1)
            {
                return Duplicate(name);
            }
        }

        var hasCaSignature = headers.CaSignature.Count > 0;
        if (hasCaSignature)
        {
            found.Add(CaSignatureCredential.Instance);
        }

        if (headers.HwId.Count > 1 || headers.HwAppKey.Count > 1)
        {
            return Duplicate(headers.HwId.Count > 1 ? HwIdHeader : HwAppKeyHeader);
        }

        if (headers.HwId.Count > 0 || headers.HwAppKey.Count > 0)
        {
            found.Add(new AppSecretCredential(FirstOrNull(headers.HwId), FirstOrNull(headers.HwAppKey)));
        }

        var tokens = headers.AuthToken;
        if (tokens.Count > 1)
        {
            return Duplicate(AuthTokenHeader);
        }

        if (tokens.Count == 1)
        {
            found.Add(new TokenCredential(tokens[0].AsMemory().Trim()));
        }

        // An X-Ca-Key without a signature is a half-sent Alibaba credential: only worth reporting when alone.
        if (found.Count == 0 && !hasCaSignature && headers.CaKey.Count > 0)
        {
            found.Add(CaSignatureCredential.Instance);
        }

        if (unsupportedAuthorization)
        {
            return found.Count == 0
                ? ExtractionResult.Unsupported("The Authorization header uses a scheme this authorizer does not accept; send APPCODE, Basic, Bearer or SDK-HMAC-SHA256.")
                : ExtractionResult.Ambiguous(
                    $"The request carries an Authorization header of an unsupported scheme besides a {found.First!.Scheme} credential; send exactly one credential.");
        }

        return found.Count switch
        {
            0 => ExtractionResult.None,
            1 => ExtractionResult.Found(found.First!),
            _ => ExtractionResult.Ambiguous(Describe(found.All!)),
        };
    }

    /// <summary>Parses an Authorization value: <c>APPCODE</c>, <c>Basic</c>, <c>Bearer</c>, and (not in TOKEN events) <c>SDK-HMAC-SHA256</c>.</summary>
    internal static Credential? ParseAuthorization(string value, bool allowSdk)
    {
        var trimmed = value.Trim();
        if (allowSdk && SdkCanonicalizer.IsSdkAuthorization(trimmed))
        {
            return new SdkSignatureCredential(trimmed);
        }

        // A scheme word with nothing after it is a malformed credential of that scheme, not an absent one.
        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        var word = space < 0 ? trimmed.AsSpan() : trimmed.AsSpan(0, space);
        var rest = space < 0 ? ReadOnlyMemory<char>.Empty : trimmed.AsMemory(space + 1).Trim();
        if (word.Equals("APPCODE", StringComparison.OrdinalIgnoreCase))
        {
            return new AppCodeCredential(rest.ToString(), FromQuery: false);
        }

        if (word.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return new BasicCredential(rest.ToString());
        }

        if (word.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return new TokenCredential(rest);
        }

        return null;
    }

    /// <summary>True when a comma-joined value holds two or more credentials, e.g. <c>APPCODE a,Bearer b</c>.</summary>
    private static bool HoldsJoinedAuthorizations(string value)
    {
        if (!value.Contains(',', StringComparison.Ordinal))
        {
            return false;
        }

        var credentials = 0;
        foreach (var part in value.Split(','))
        {
            var trimmed = part.TrimStart();
            foreach (var word in AuthorizationWords)
            {
                if (trimmed.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                {
                    credentials++;
                    break;
                }
            }
        }

        return credentials > 1;
    }

    private static string? FirstOrNull(IReadOnlyList<string> values) => values.Count > 0 ? values[0] : null;

    private static ExtractionResult Duplicate(string header) =>
        ExtractionResult.Ambiguous($"The request carries the {header} header more than once.");

    /// <summary>The credentials found so far; a list only once there is a second one (then the request is refused anyway).</summary>
    private struct Found
    {
        public Credential? First { get; private set; }

        public List<Credential>? All { get; private set; }

        public readonly int Count => All?.Count ?? (First is null ? 0 : 1);

        public void Add(Credential credential)
        {
            if (First is null)
            {
                First = credential;
            }
            else
            {
                (All ??= [First]).Add(credential);
            }
        }
    }

    private static string Describe(List<Credential> found)
    {
        var schemes = found.Select(c => c is AppCodeCredential { FromQuery: true } ? "appcode (query)" : c.Scheme).ToList();
        return found.Select(c => c.Scheme).Distinct(StringComparer.Ordinal).Count() == 1
            ? $"The request carries the {found[0].Scheme} credential more than once ({string.Join(", ", schemes)}); send exactly one."
            : $"The request carries credentials of more than one scheme ({string.Join(", ", schemes)}); send exactly one.";
    }
}
