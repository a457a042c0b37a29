namespace Authorizer.Core.Jwt;

/// <summary>
/// One identity provider whose tokens an API accepts: where its keys are, which issuers, audiences and algorithms
/// count, and which claims must be present or hold a value. Checked by <see cref="JwtSettingsValidation"/> when set
/// through the management API; <see cref="JwtVerifier"/> trusts nothing else.
/// </summary>
public sealed record JwtProvider
{
    private readonly string? _jwks;
    private readonly JsonWebKeySet? _staticKeys;
    private readonly string? _jwksError;

    /// <summary>
    /// The app whose route authorizations and status apply to callers with this provider's tokens: a provider is
    /// granted routes exactly as an app is, and disabling that app shuts the provider out. Required unless the API
    /// runs in <see cref="JwtMode.AppAndJwt"/>, where the app credential names the principal.
    /// </summary>
    public string? AppId { get; init; }

    /// <summary>Accepted <c>iss</c> values (exact match); at least one.</summary>
    public IReadOnlyList<string> Issuers { get; init; } = [];

    /// <summary>Accepted <c>aud</c> values; when empty, <c>aud</c> is not checked.</summary>
    public IReadOnlyList<string> Audiences { get; init; } = [];

    /// <summary>Algorithms accepted at all; each key narrows them further by its <c>alg</c>, <c>kty</c> and curve.</summary>
    public IReadOnlyList<string> Algorithms { get; init; } = JwtAlgorithm.AllNames;

    public int ClockToleranceSeconds { get; init; } = JwtLimits.DefaultClockToleranceSeconds;

    /// <summary>Claims that must be present (any non-null value).</summary>
    public IReadOnlyList<string> RequiredClaims { get; init; } = [];

    /// <summary>Claims that must hold a value: a string equal to it, or an array with an element equal to it.</summary>
    public IReadOnlyDictionary<string, string> ClaimValues { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Claims copied into the authorizer context as <c>claim_{name}</c>.</summary>
    public IReadOnlyList<string> ClaimsToContext { get; init; } = [];

    /// <summary>Record each token's <c>jti</c> and refuse a second use (then a token is a per-request credential).</summary>
    public bool PreventJtiReplay { get; init; }

    /// <summary>Put the whole verified token in the context as <c>jwt</c> (bounded by the token length limit).</summary>
    public bool PassToken { get; init; }

    /// <summary>A static JWKS (JSON text); parsed once when set.</summary>
    public string? Jwks
    {
        get => _jwks;
        init
        {
            _jwks = value;
            _staticKeys = null;
            _jwksError = null;
            if (value is not null)
            {
                if (JsonWebKeySet.TryParse(value, out var set, out var error))
                {
                    _staticKeys = set;
                }
                else
                {
                    _jwksError = error;
                }
            }
        }
    }

    /// <summary>An HTTPS URL serving the provider's JWKS, fetched and cached per container.</summary>
    public string? JwksUri { get; init; }

    /// <summary>
    /// OpenID Connect discovery: the first of <see cref="Issuers"/> is an issuer URL whose
    /// <c>/.well-known/openid-configuration</c> names the JWKS (<c>jwks_uri</c>); the document's <c>issuer</c> must be
    /// exactly that value. An alternative to <see cref="JwksUri"/>; both fetched and cached per container alike.
    /// </summary>
    public bool Discovery { get; init; }

    /// <summary>The issuer whose discovery document names the keys, or null without <see cref="Discovery"/>.</summary>
    internal string? DiscoveryIssuer => Discovery && Issuers.Count > 0 ? Issuers[0] : null;

    /// <summary>True when keys may come from the network (a <see cref="JwksUri"/> or discovery).</summary>
    internal bool HasRemoteKeys => JwksUri is not null || DiscoveryIssuer is not null;

    /// <summary>The parsed <see cref="Jwks"/>, or null when there is none or it did not parse.</summary>
    internal JsonWebKeySet? StaticKeys => _staticKeys;

    /// <summary>Why <see cref="Jwks"/> did not parse, or null.</summary>
    internal string? JwksError => _jwksError;
}
