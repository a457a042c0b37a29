using Authorizer.Core.Jwt;
using Authorizer.Core.Tokens;

namespace Authorizer.Local.Seeding;

/// <summary>
/// The local runner's demo identity provider: an ES256 key pair in the state folder (<see cref="KeyFileName"/>,
/// PKCS#8 PEM, mode 0600, created on first use and never printed), whose public JWKS <c>start-api</c> serves at
/// <see cref="JwksPath"/> and the demo seed stores as a static JWKS. Tokens are minted by the <c>jwt</c> command.
/// Immutable once loaded: each minting caller gets its own <see cref="JwtSigner"/>.
/// </summary>
internal sealed class DemoIdentityProvider
{
    public const string KeyFileName = "jwt-demo-key.pem";

    /// <summary>A path no template route of ours uses; <see cref="Gateway.ApiServer"/> serves it only where no template route matches it.</summary>
    public const string JwksPath = "/.well-known/jwks.json";

    /// <summary>Fixed (not the runner's URL), so stored settings stay valid whatever port a later start uses.</summary>
    public const string Issuer = "https://demo-idp.authorizer.local";

    public const string Audience = "authorizer-demo";

    /// <summary>The app that callers with a demo token act as (granted the echo routes on the demo provider's API).</summary>
    public const string AppName = "demo-idp";

    /// <summary>Claims the demo provider copies into the authorizer context (<c>claim_sub</c>, <c>claim_scope</c>).</summary>
    public static readonly IReadOnlyList<string> ClaimsToContext = ["sub", "scope"];

    private readonly string _privateKeyPem;

    private DemoIdentityProvider(string keyFile, string privateKeyPem, string kid)
    {
        KeyFile = keyFile;
        _privateKeyPem = privateKeyPem;
        Kid = kid;
        using var signer = CreateSigner();
        Jwks = JwtSigner.Jwks(signer);
    }

    public string KeyFile { get; }

    /// <summary>The RFC 7638 thumbprint of the public key: stable for the key file's life.</summary>
    public string Kid { get; }

    /// <summary>The public key set (one ES256 key with <c>kid</c>, <c>alg</c>, <c>use: sig</c>).</summary>
    public string Jwks { get; }

    public static string DefaultKeyFile(string stateDirectory) => Path.Combine(stateDirectory, KeyFileName);

    /// <summary>Loads the key in <paramref name="stateDirectory"/>, creating it when missing.</summary>
    public static DemoIdentityProvider LoadOrCreate(string stateDirectory) => Load(DefaultKeyFile(stateDirectory), create: true);

    /// <summary>
    /// Loads <paramref name="keyFile"/>; with <paramref name="create"/>, a missing file gets a fresh P-256 key through
    /// the same mode-0600 create-new write as the token signing key (<see cref="LocalEcdsaTokenSigner.FromKeyFile"/>).
    /// </summary>
    public static DemoIdentityProvider Load(string keyFile, bool create)
    {
        if (!create && !File.Exists(keyFile))
        {
            throw new FileNotFoundException($"the demo identity provider's key {keyFile} does not exist; start-api creates it", keyFile);
        }

        string kid;
        try
        {
            using var key = LocalEcdsaTokenSigner.FromKeyFile(keyFile);
            kid = key.Kid;
        }
        catch (ArgumentException ex)
        {
            throw new IOException($"{keyFile} is not a PEM P-256 private key: delete it to get a new demo key", ex);
        }

        return new DemoIdentityProvider(keyFile, File.ReadAllText(keyFile), kid);
    }

    /// <summary>A signer over the demo key, owned by the caller (a signer is not shared between threads).</summary>
    public JwtSigner CreateSigner() => JwtSigner.FromPem(_privateKeyPem, JwtAlgorithm.ES256, Kid);

    /// <summary>The demo provider: <c>app_or_jwt</c> with the token in <c>Authorization: Bearer</c>, this key as a static JWKS.</summary>
    public JwtSettings Settings() => new()
    {
        Mode = JwtMode.AppOrJwt,
        Provider = new JwtProvider
        {
            AppId = AppName,
            Issuers = [Issuer],
            Audiences = [Audience],
            Algorithms = [JwtAlgorithm.ES256.Name],
            ClaimsToContext = ClaimsToContext,
            Jwks = Jwks,
        },
    };
}
