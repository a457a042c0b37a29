using System.Collections;
using Authorizer.Core.Throttling;

namespace Authorizer.Functions.Settings;

/// <summary>
/// Everything the functions are configured with, read once from environment variables at cold start and
/// validated as a whole (see docs/configuration.md). A bad value throws <see cref="AuthorizerSettingsException"/>
/// naming every offending variable.
/// </summary>
public sealed record AuthorizerSettings
{
    public const string TableNameVariable = "AUTHORIZER_TABLE_NAME";
    public const string DynamoDbEndpointVariable = "AUTHORIZER_DYNAMODB_ENDPOINT";
    public const string SqlitePathVariable = "AUTHORIZER_SQLITE_PATH";
    public const string KmsKeyIdVariable = "AUTHORIZER_KMS_KEY_ID";
    public const string SecretKeyFileVariable = "AUTHORIZER_SECRET_KEY_FILE";
    public const string TokenPublicKeysVariable = "AUTHORIZER_TOKEN_PUBLIC_KEYS";
    public const string TokenKeyFileVariable = "AUTHORIZER_TOKEN_KEY_FILE";
    public const string TokenKmsKeyIdVariable = "AUTHORIZER_TOKEN_KMS_KEY_ID";
    public const string CacheTtlVariable = "AUTHORIZER_CACHE_TTL_SECONDS";
    public const string NegativeCacheTtlVariable = "AUTHORIZER_NEGATIVE_CACHE_TTL_SECONDS";
    public const string CacheMaxEntriesVariable = "AUTHORIZER_CACHE_MAX_ENTRIES";
    public const string TokenRevocationStalenessVariable = "AUTHORIZER_TOKEN_REVOCATION_STALENESS_SECONDS";
    public const int MaxTokenRevocationStalenessSeconds = 300;
    public const string HttpApiResponseVariable = "AUTHORIZER_HTTP_API_RESPONSE";
    public const string LogLevelVariable = "AUTHORIZER_LOG_LEVEL";
    public const string MetricsVariable = "AUTHORIZER_METRICS";
    public const string ResultCacheVariable = "AUTHORIZER_RESULT_CACHE";
    public const string ThrottleMaxFailuresVariable = "AUTHORIZER_THROTTLE_MAX_FAILURES";
    public const string ThrottleWindowVariable = "AUTHORIZER_THROTTLE_WINDOW_SECONDS";
    public const string ThrottleBlockVariable = "AUTHORIZER_THROTTLE_BLOCK_SECONDS";
    public const string StoreTimeoutVariable = "AUTHORIZER_STORE_TIMEOUT_MS";
    public const string DecisionDeadlineVariable = "AUTHORIZER_DECISION_DEADLINE_MS";
    public const string ManagementDeadlineVariable = "AUTHORIZER_MANAGEMENT_DEADLINE_MS";
    public const string JwksTimeoutVariable = "AUTHORIZER_JWKS_TIMEOUT_MS";
    public const string JwksLoopbackHttpVariable = "AUTHORIZER_JWKS_LOOPBACK_HTTP";
    public const int MaxThrottleSeconds = 86_400;
    public const int MinStoreMilliseconds = 50;
    public const int MaxStoreMilliseconds = 10_000;
    public const int MaxThrottleFailures = 1_000_000;

    public const string DefaultSqlitePath = ".authorizer/local.db";
    public const string DefaultSecretKeyFile = ".authorizer/secret.key";
    public const string DefaultTokenKeyFile = ".authorizer/token-key.pem";
    public const int MaxCacheTtlSeconds = 3600;

    /// <summary>Set: apps live in this DynamoDB table. Unset: in the SQLite file <see cref="SqlitePath"/>.</summary>
    public string? TableName { get; init; }

    /// <summary>A DynamoDB service URL (dynalite, DynamoDB Local); null uses the regional endpoint.</summary>
    public Uri? DynamoDbEndpoint { get; init; }

    public string SqlitePath { get; init; } = DefaultSqlitePath;

    /// <summary>Set: AppSecrets are encrypted with this KMS key. Unset: AES-GCM with <see cref="SecretKeyFile"/>.</summary>
    public string? KmsKeyId { get; init; }

    public string SecretKeyFile { get; init; } = DefaultSecretKeyFile;

    /// <summary>Token verification keys by <c>kid</c> (PEM, EC P-256). Null: taken from KMS or the local key file.</summary>
    public IReadOnlyDictionary<string, string>? TokenPublicKeys { get; init; }

    public string TokenKeyFile { get; init; } = DefaultTokenKeyFile;

    /// <summary>The KMS asymmetric key that signs tokens; its public key is fetched once per container.</summary>
    public string? TokenKmsKeyId { get; init; }

    public TimeSpan CacheTtl { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan NegativeCacheTtl { get; init; } = TimeSpan.FromSeconds(10);

    public int CacheMaxEntries { get; init; } = 10_000;

    /// <summary>
    /// How long a container trusts the store's "this token is not revoked" (0 to 300 s, default 5): a token revoked
    /// through the management API is refused everywhere within this bound. 0 reads the store on every token call.
    /// </summary>
    public TimeSpan TokenRevocationStaleness { get; init; } = TimeSpan.FromSeconds(5);

    public HttpApiResponseFormat HttpApiResponse { get; init; } = HttpApiResponseFormat.Simple;

    public AuthorizerLogLevel LogLevel { get; init; } = AuthorizerLogLevel.Information;

    /// <summary>CloudWatch Embedded Metric Format lines on standard output (<c>emf</c>, the default) or none (<c>off</c>).</summary>
    public bool EmitMetrics { get; init; } = true;

    /// <summary>
    /// True (<c>on</c>) when API Gateway caches this function's answers (an authorizer with an identity source and a
    /// result TTL above 0): signature schemes are then refused with <c>scheme_not_cacheable</c>, since a cached
    /// Allow is reused for every request carrying the same identity source.
    /// </summary>
    public bool ServesResultCache { get; init; }

    /// <summary>
    /// Failed-attempt throttle per AppKey and source address (see docs/SECURITY.md for the trade-off);
    /// <see cref="FailureThrottleOptions.Enabled"/> is false when AUTHORIZER_THROTTLE_MAX_FAILURES is 0.
    /// </summary>
    public FailureThrottleOptions FailureThrottle { get; init; } = new();

    /// <summary>
    /// Bound on one store request, connecting included (DynamoDB HTTP timeouts; SQLite's wait for another
    /// process's write lock). A point read in the region takes milliseconds; a timed-out request is not retried
    /// (a write may have landed), and <see cref="DecisionDeadline"/> bounds the decision as a whole.
    /// </summary>
    public TimeSpan StoreTimeout { get; init; } = TimeSpan.FromMilliseconds(1000);

    /// <summary>
    /// Bound on all the store work of one authorizer decision (every read, write and retry): past it the decision
    /// fails closed. Far inside API Gateway's wait for an authorizer and the function's timeout, so a hung store
    /// answers an error quickly instead of holding the caller.
    /// </summary>
    public TimeSpan DecisionDeadline { get; init; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>
    /// Bound on one management call as a whole (every store request, KMS call and retry): past it the management
    /// function answers 503 <c>deadline_exceeded</c>. Longer than <see cref="DecisionDeadline"/> because a call may
    /// list and check many apps, and inside the function's timeout (10 s in template.yaml) so the answer gets out.
    /// </summary>
    public TimeSpan ManagementDeadline { get; init; } = TimeSpan.FromMilliseconds(5000);

    /// <summary>
    /// Remote JWKS fetching for APIs with a JWT provider's <c>jwksUri</c>: the fetch timeout (inside
    /// <see cref="DecisionDeadline"/>) and, for the local runner only, plain HTTP to the loopback interface.
    /// </summary>
    public Core.Jwt.JwksCacheOptions Jwks { get; init; } = new() { FetchTimeout = TimeSpan.FromMilliseconds(1000) };

    public bool UsesDynamoDb => TableName is not null;

    /// <summary>Reads the process environment.</summary>
    public static AuthorizerSettings FromEnvironment() => FromVariables(Environment.GetEnvironmentVariable);

    /// <summary>Reads a variable map (an <c>--env-vars</c> file, a template's environment).</summary>
    public static AuthorizerSettings FromVariables(IReadOnlyDictionary<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return FromVariables(name => variables.TryGetValue(name, out var value) ? value : null);
    }

    /// <summary>Reads through a lookup; an empty value counts as unset.</summary>
    public static AuthorizerSettings FromVariables(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        return new SettingsReader(getVariable).Read();
    }

    /// <summary>The variables as the process environment holds them, for callers that merge overrides.</summary>
    public static Dictionary<string, string?> CurrentEnvironment()
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && key.StartsWith("AUTHORIZER_", StringComparison.Ordinal))
            {
                result[key] = entry.Value as string;
            }
        }

        return result;
    }
}

public enum HttpApiResponseFormat
{
    /// <summary><c>{"isAuthorized": …, "context": …}</c> (payload format 2.0 with simple responses enabled).</summary>
    Simple,

    /// <summary>An IAM policy, as for REST APIs.</summary>
    Iam,
}

public enum AuthorizerLogLevel
{
    Debug,
    Information,
    Warning,
    Error,
    None,
}
