using Amazon.KeyManagementService;
using Authorizer.Core.Secrets;
using Authorizer.Core.Store;
using Authorizer.Core.Tokens;
using Authorizer.Functions.Hosting;
using Authorizer.Functions.Settings;
using Authorizer.Management;

namespace Authorizer.Functions.Management;

/// <summary>
/// The management function's wiring: the shared composition's store, secret protector and token keys, plus the
/// token signer — the KMS key when <see cref="AuthorizerSettings.TokenKmsKeyId"/> is set, else the local key
/// file (only with the local store: a Lambda has no file to share with the authorizer).
/// </summary>
public sealed class ManagementComposition : IDisposable
{
    private static readonly Lazy<Task<ManagementComposition>> SharedInstance =
        new(BuildSharedAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly List<IDisposable> _owned;

    private ManagementComposition(ManagementApi api, AdminBootstrapper bootstrapper, TimeSpan deadline, List<IDisposable> owned)
    {
        Api = api;
        Bootstrapper = bootstrapper;
        Deadline = deadline;
        _owned = owned;
    }

    /// <summary>The container's composition, built once on the authorizer's shared services.</summary>
    public static Task<ManagementComposition> GetSharedAsync() => SharedInstance.Value;

    public ManagementApi Api { get; }

    /// <summary>Bound on one management call (<see cref="AuthorizerSettings.ManagementDeadline"/>).</summary>
    public TimeSpan Deadline { get; }

    /// <summary>Creates the first admin on this store (a direct invocation, see <see cref="ManagementFunction"/>).</summary>
    public AdminBootstrapper Bootstrapper { get; }

    /// <summary>Builds on a composition root; the services stay owned by the caller.</summary>
    public static ManagementComposition From(AuthorizerServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return Create(services.Settings, services.Store, services.SecretProtector, services.TokenValidator, services.Time);
    }

    private static async Task<ManagementComposition> BuildSharedAsync() =>
        From(await SharedComposition.GetServicesAsync().ConfigureAwait(false));

    public static ManagementComposition Create(
        AuthorizerSettings settings, IAppStore store, ISecretProtector protector, ITokenValidator? tokenValidator, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(time);
        var owned = new List<IDisposable>();
        ITokenSigner? signer = null;
        if (settings.TokenKmsKeyId is { } kmsKeyId)
        {
            var kms = new AmazonKeyManagementServiceClient();
            owned.Add(kms);
            signer = new KmsTokenSigner(kms, kmsKeyId);
        }
        else if (!settings.UsesDynamoDb || File.Exists(settings.TokenKeyFile))
        {
            var local = LocalEcdsaTokenSigner.FromKeyFile(settings.TokenKeyFile);
            owned.Add(local);
            signer = local;
            if (tokenValidator is null)
            {
                var validator = new Es256TokenValidator([local.VerificationKey], time);
                owned.Add(validator);
                tokenValidator = validator;
            }
        }

        var issuer = signer is null ? null : new TokenIssuer(signer, time);
        var options = new ManagementOptions { FailureThrottle = settings.FailureThrottle, AllowLoopbackJwksHttp = settings.Jwks.AllowLoopbackHttp };
        return new ManagementComposition(
            new ManagementApi(store, protector, issuer, tokenValidator, time, options),
            new AdminBootstrapper(store, protector, time),
            settings.ManagementDeadline,
            owned);
    }

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        _owned.Clear();
    }
}
