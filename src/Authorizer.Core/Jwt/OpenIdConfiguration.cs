using System.Text.Json;

namespace Authorizer.Core.Jwt;

/// <summary>
/// The part of an OpenID Provider's discovery document (OpenID Connect Discovery 1.0 §3) this authorizer uses: the
/// <c>jwks_uri</c>, accepted only when the document's <c>issuer</c> is exactly the configured issuer (§4.3, so a
/// document served for one issuer cannot hand out another's keys) and the URL obeys the rules of a configured
/// <c>jwksUri</c>. <c>id_token_signing_alg_values_supported</c> is not used: it describes ID tokens, while APIs also
/// receive access tokens, which providers may sign otherwise; each key's <c>alg</c>/<c>kty</c> and the provider's
/// <c>algorithms</c> list pin the algorithm instead.
/// </summary>
public sealed class OpenIdConfiguration
{
    /// <summary>Discovery documents run to a few kilobytes; this bound is generous and stops a hostile one.</summary>
    public const int MaxBytes = 64 * 1024;

    public const string WellKnownPath = "/.well-known/openid-configuration";

    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 16, AllowDuplicateProperties = false };

    private OpenIdConfiguration(string issuer, string jwksUri)
    {
        Issuer = issuer;
        JwksUri = jwksUri;
    }

    public string Issuer { get; }

    public string JwksUri { get; }

    /// <summary>Where <paramref name="issuer"/>'s document is (§4.1: a terminating <c>/</c> is removed before the well-known path).</summary>
    public static string DiscoveryUri(string issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        return issuer.TrimEnd('/') + WellKnownPath;
    }

    /// <summary>True when <paramref name="issuer"/> can be discovered: an accepted URL (as for jwksUri) with no query or fragment.</summary>
    public static bool IsDiscoverableIssuer(string issuer, bool allowLoopbackHttp) =>
        JwtSettingsValidation.IsAcceptedJwksUri(issuer, allowLoopbackHttp)
        && Uri.TryCreate(issuer, UriKind.Absolute, out var parsed)
        && parsed.Query.Length == 0 && parsed.Fragment.Length == 0
        && JwtSettingsValidation.IsAcceptedJwksUri(DiscoveryUri(issuer), allowLoopbackHttp);

    /// <summary>Parses <paramref name="json"/> as <paramref name="expectedIssuer"/>'s document; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(ReadOnlySpan<byte> json, string expectedIssuer, bool allowLoopbackHttp, out OpenIdConfiguration configuration, out string error)
    {
        ArgumentNullException.ThrowIfNull(expectedIssuer);
        configuration = null!;
        if (json.Length == 0 || json.Length > MaxBytes)
        {
            error = $"The discovery document must be between 1 and {MaxBytes} bytes.";
            return false;
        }

        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            error = "The discovery document is not valid UTF-8.";
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), JsonOptions);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "The discovery document is not a JSON object.";
                return false;
            }

            if (!root.TryGetProperty("issuer", out var issuer) || issuer.ValueKind != JsonValueKind.String || !issuer.ValueEquals(expectedIssuer))
            {
                error = "The discovery document's issuer is not exactly the configured issuer.";
                return false;
            }

            if (!root.TryGetProperty("jwks_uri", out var jwksUri) || jwksUri.ValueKind != JsonValueKind.String
                || jwksUri.GetString() is not { } uri || !JwtSettingsValidation.IsAcceptedJwksUri(uri, allowLoopbackHttp))
            {
                error = allowLoopbackHttp
                    ? "The discovery document's jwks_uri is missing or not an https URL (or http on 127.0.0.1 or localhost)."
                    : "The discovery document's jwks_uri is missing or not an https URL.";
                return false;
            }

            configuration = new OpenIdConfiguration(expectedIssuer, uri);
            error = string.Empty;
            return true;
        }
        catch (JsonException)
        {
            error = "The discovery document is not valid JSON (or repeats a member name).";
            return false;
        }
    }
}
