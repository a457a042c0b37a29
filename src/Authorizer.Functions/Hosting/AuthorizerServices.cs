using Amazon.KeyManagementService;
using Authorizer.Core.Caching;
using Authorizer.Core.Decisions;
using Authorizer.Core.Metrics;
using Authorizer.Core.Secrets;
using Authorizer.Core.Store;
using Authorizer.Core.Tokens;
using Authorizer.Functions.Logging;
using Authorizer.Functions.Settings;
using Authorizer.Management;
using Authorizer.Store.DynamoDb;
using Authorizer.Store.Sqlite;

namespace Authorizer.Functions.Hosting;

/// <summary>
/// The composition root: store, secret protector, app directory, token validator and engine, built once per
/// container from <see cref="AuthorizerSettings"/>. Disposing it releases what it owns (the SQLite store, the
/// AES key, AWS clients); the Lambda container's shared instance lives as long as the process.
/// </summary>
public sealed class AuthorizerServices : IDisposable
{
    private static readonly Lazy<Stream> StandardOutput = new(Console.OpenStandardOutput);

    private readonly List<IDisposable> _owned;

    private AuthorizerServices(
        AuthorizerSettings settings,
        TimeProvider time,
        IAppStore store,
        ISecretProtector secretProtector,
        IAppDirectory directory,
        ITokenValidator? tokenValidator,
        IAuthorizer authorizer,
        IAuthorizer resultCacheAuthorizer,
        DecisionLog log,
        AuthorizerMetrics? metrics,
        List<IDisposable> owned)
    {
        Settings = settings;
        Time = time;
        Store = store;
        SecretProtector = secretProtector;
        Directory = directory;
        TokenValidator = tokenValidator;
        Authorizer = authorizer;
        ResultCacheAuthorizer = resultCacheAuthorizer;
        Log = log;
        Metrics = metrics;
        _owned = owned;
    }

    public AuthorizerSettings Settings { get; }

    public TimeProvider Time { get; }

    public IAppStore Store { get; }

    public ISecretProtector SecretProtector { get; }

    /// <summary>The engine's read model (cached when the cache is part of the build).</summary>
    public IAppDirectory Directory { get; }

    /// <summary>Null when no token key is configured: the token scheme is then refused.</summary>
    public ITokenValidator? TokenValidator { get; }

    public IAuthorizer Authorizer { get; }

    /// <summary>
    /// The same engine for a function that API Gateway's result cache stands in front of
    /// (<see cref="CachedAuthorizerFunction"/>): it serves only stable bearer credentials. It shares the directory,
    /// store, token validator, throttle and metrics with <see cref="Authorizer"/>, so one container (or the local
    /// runner's one process) can serve both kinds of authorizer.
    /// </summary>
    public IAuthorizer ResultCacheAuthorizer { get; }

    /// <summary>Decision lines to standard output at <see cref="AuthorizerSettings.LogLevel"/>.</summary>
    public DecisionLog Log { get; }

    /// <summary>The container's counters when metrics are on; null with <c>AUTHORIZER_METRICS=off</c>.</summary>
    public AuthorizerMetrics? Metrics { get; }

    /// <summary>
    /// Builds the composition. Everything is synchronous except fetching a KMS token key's public half, so
    /// settings with <see cref="AuthorizerSettings.TokenKmsKeyId"/> (and no explicit public keys) need
    /// <see cref="CreateAsync"/>.
    /// </summary>
    public static AuthorizerServices Create(AuthorizerSettings settings, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.TokenPublicKeys is null && settings.TokenKmsKeyId is not null)
        {
            throw new InvalidOperationException(
                $"{AuthorizerSettings.TokenKmsKeyIdVariable} needs the public key from KMS; build the services with CreateAsync.");
        }

        return Build(settings, time ?? TimeProvider.System, kmsTokenKey: null, StandardOutput.Value);
    }

    /// <summary>As <see cref="Create(AuthorizerSettings, TimeProvider?)"/>, writing metrics to the given stream.</summary>
    internal static AuthorizerServices Create(AuthorizerSettings settings, TimeProvider time, Stream metricsOutput)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Build(settings, time, kmsTokenKey: null, metricsOutput);
    }

    public static async Task<AuthorizerServices> CreateAsync(AuthorizerSettings settings, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        TokenVerificationKey? kmsTokenKey = null;
        if (settings.TokenPublicKeys is null && settings.TokenKmsKeyId is not null)
        {
            using var kms = new AmazonKeyManagementServiceClient();
            kmsTokenKey = await KmsTokenSigner.GetVerificationKeyAsync(kms, settings.TokenKmsKeyId, cancellationToken).ConfigureAwait(false);
        }

        return Build(settings, time ?? TimeProvider.System, kmsTokenKey, StandardOutput.Value);
    }

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        _owned.Clear();
    }

    private static AuthorizerServices Build(AuthorizerSettings settings, TimeProvider time, TokenVerificationKey? kmsTokenKey, Stream metricsOutput)
    {
        var owned = new List<IDisposable>();
        try
        {
            var store = CreateStore(settings, time, owned);
            var protector = CreateSecretProtector(settings, owned);
            var metrics = settings.EmitMetrics ? new AuthorizerMetrics() : null;
            IAppStore hotPathStore = metrics is null ? store : new MeteredAppStore(store, metrics, time);
            var directory = CreateDirectory(settings, hotPathStore, protector, time, metrics);
            var tokens = CreateTokenValidator(settings, time, kmsTokenKey, owned);
            var jwks = new Core.Jwt.JwksCache(settings.Jwks, time);
            owned.Add(jwks);
            var core = new AuthorizerEngine(directory, hotPathStore, time, AuthorizerOptions.Default with
            {
                FailureThrottle = settings.FailureThrottle,
                ServesResultCache = settings.ServesResultCache,
                TokenRevocationStaleness = settings.TokenRevocationStaleness,
            }, tokens, jwks);
            IAuthorizer engine = core;
            IAuthorizer resultCacheEngine = core.ForResultCache();
            if (metrics is not null)
            {
                var publisher = new MetricsPublisher(metrics, metricsOutput, time);
                owned.Add(new PublisherOwner(publisher));
                var metered = new MeteredAuthorizer(engine, metrics, publisher, time);
                resultCacheEngine = ReferenceEquals(resultCacheEngine, engine) ? metered : new MeteredAuthorizer(resultCacheEngine, metrics, publisher, time);
                engine = metered;
            }

            var log = DecisionLog.ToStandardOutput(settings.LogLevel, time);
            return new AuthorizerServices(settings, time, store, protector, directory, tokens, engine, resultCacheEngine, log, metrics, owned);
        }
        catch
        {
            for (var i = owned.Count - 1; i >= 0; i--)
            {
                owned[i].Dispose();
            }

            throw;
        }
    }

    private static IAppStore CreateStore(AuthorizerSettings settings, TimeProvider time, List<IDisposable> owned)
    {
        if (settings.TableName is { } tableName)
        {
            var client = DynamoDbClientFactory.Create(settings.DynamoDbEndpoint, settings.StoreTimeout);
            owned.Add(client);
            return new DynamoDbAppStore(client, tableName, time);
        }

        EnsureParentDirectory(settings.SqlitePath);
        var sqlite = new SqliteAppStore(settings.SqlitePath, time, settings.StoreTimeout);
        owned.Add(sqlite);
        return sqlite;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "The KMS protector is the other implementation.")]
    private static ISecretProtector CreateSecretProtector(AuthorizerSettings settings, List<IDisposable> owned)
    {
        if (settings.KmsKeyId is { } kmsKeyId)
        {
            // The SDK's retries stay on here (nothing else retries KMS); the timeouts bound a KMS that hangs.
            var kms = new AmazonKeyManagementServiceClient(new AmazonKeyManagementServiceConfig
            {
                Timeout = settings.StoreTimeout,
                ConnectTimeout = settings.StoreTimeout,
            });
            owned.Add(kms);
            return new KmsSecretProtector(kms, kmsKeyId);
        }

        EnsureParentDirectory(settings.SecretKeyFile);
        var aes = AesGcmSecretProtector.FromKeyFile(settings.SecretKeyFile);
        owned.Add(aes);
        return aes;
    }

    private static IAppDirectory CreateDirectory(AuthorizerSettings settings, IAppStore store, ISecretProtector protector, TimeProvider time, AuthorizerMetrics? metrics)
    {
        var options = new AppCacheOptions
        {
            Ttl = settings.CacheTtl,
            NegativeTtl = settings.NegativeCacheTtl,
            MaxEntries = settings.CacheMaxEntries,
        };
        // Authorizations read with an app are kept by the cache; without one they would be read twice.
        IAppDirectory uncached = new AppDirectory(store, protector, prefetchAuthorizations: settings.CacheTtl > TimeSpan.Zero);
        if (metrics is null)
        {
            return new CachingAppDirectory(uncached, options, time);
        }

        // Counting outside the cache sees every lookup, counting inside it sees the misses.
        var cached = new CachingAppDirectory(CountingAppDirectory.Misses(uncached, metrics), options, time);
        return CountingAppDirectory.Lookups(cached, metrics);
    }

    /// <summary>
    /// Keys, in order of precedence: the configured public keys; the KMS signing key's public half; the local key
    /// file (created when missing, but only with the local store: in Lambda there is no file to share).
    /// </summary>
    private static CachingTokenValidator? CreateTokenValidator(AuthorizerSettings settings, TimeProvider time, TokenVerificationKey? kmsTokenKey, List<IDisposable> owned)
    {
        List<TokenVerificationKey> keys;
        if (settings.TokenPublicKeys is { } configured)
        {
            keys = [.. configured.Select(pair => TokenVerificationKey.FromPem(pair.Value, pair.Key))];
        }
        else if (kmsTokenKey is not null)
        {
            keys = [kmsTokenKey];
        }
        else if (!settings.UsesDynamoDb || File.Exists(settings.TokenKeyFile))
        {
            EnsureParentDirectory(settings.TokenKeyFile);
            using var signer = LocalEcdsaTokenSigner.FromKeyFile(settings.TokenKeyFile);
            keys = [signer.VerificationKey];
        }
        else
        {
            return null;
        }

        var validator = new Es256TokenValidator(keys, time);
        owned.Add(validator);

        // A client repeats its token for hours: after the first, a repeat skips the ECDSA check (see VerifiedTokenCache).
        return new CachingTokenValidator(validator, new VerifiedTokenCache(), time);
    }

    private static void EnsureParentDirectory(string path)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(parent))
        {
            System.IO.Directory.CreateDirectory(parent);
        }
    }

    /// <summary>
    /// Ends the metrics publisher with the composition. Disposal runs once, when a container or a local host
    /// shuts down, so waiting for the last flush here costs nothing on the request path.
    /// </summary>
    private sealed class PublisherOwner(MetricsPublisher publisher) : IDisposable
    {
        public void Dispose() => publisher.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
