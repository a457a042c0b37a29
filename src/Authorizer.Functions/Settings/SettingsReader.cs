using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Authorizer.Core.Throttling;

namespace Authorizer.Functions.Settings;

/// <summary>Validates each variable, collecting every problem so one failed cold start reports them all.</summary>
internal sealed partial class SettingsReader(Func<string, string?> getVariable)
{
    private readonly List<string> _variables = [];
    private readonly List<string> _problems = [];

    public AuthorizerSettings Read()
    {
        var tableName = Optional(AuthorizerSettings.TableNameVariable, ValidTableName,
            "must be a DynamoDB table name (3-255 characters: letters, digits, '_', '-', '.') or a table ARN.");
        var endpoint = ReadEndpoint();
        if (endpoint is not null && tableName is null)
        {
            Problem(AuthorizerSettings.DynamoDbEndpointVariable, $"is set but {AuthorizerSettings.TableNameVariable} is not; the endpoint is only used with a table.");
        }

        var loopbackJwks = ReadJwksLoopbackHttp();
        var settings = new AuthorizerSettings
        {
            TableName = tableName,
            DynamoDbEndpoint = endpoint,
            SqlitePath = FilePath(AuthorizerSettings.SqlitePathVariable, AuthorizerSettings.DefaultSqlitePath),
            KmsKeyId = Optional(AuthorizerSettings.KmsKeyIdVariable, ValidKmsKeyId, "must be a KMS key id, key ARN, alias name or alias ARN (no spaces)."),
            SecretKeyFile = FilePath(AuthorizerSettings.SecretKeyFileVariable, AuthorizerSettings.DefaultSecretKeyFile),
            TokenPublicKeys = ReadTokenPublicKeys(),
            TokenKeyFile = FilePath(AuthorizerSettings.TokenKeyFileVariable, AuthorizerSettings.DefaultTokenKeyFile),
            TokenKmsKeyId = Optional(AuthorizerSettings.TokenKmsKeyIdVariable, ValidKmsKeyId, "must be a KMS key id, key ARN, alias name or alias ARN (no spaces)."),
            CacheTtl = Seconds(AuthorizerSettings.CacheTtlVariable, 60),
            NegativeCacheTtl = Seconds(AuthorizerSettings.NegativeCacheTtlVariable, 10),
            CacheMaxEntries = Integer(AuthorizerSettings.CacheMaxEntriesVariable, 10_000, 1, 1_000_000),
            TokenRevocationStaleness = TimeSpan.FromSeconds(Integer(AuthorizerSettings.TokenRevocationStalenessVariable, 5, 0, AuthorizerSettings.MaxTokenRevocationStalenessSeconds)),
            HttpApiResponse = ReadHttpApiResponse(),
            LogLevel = ReadLogLevel(),
            EmitMetrics = ReadMetrics(),
            ServesResultCache = ReadResultCache(),
            FailureThrottle = ReadFailureThrottle(),
            StoreTimeout = Milliseconds(AuthorizerSettings.StoreTimeoutVariable, 1000),
            DecisionDeadline = Milliseconds(AuthorizerSettings.DecisionDeadlineVariable, 1500),
            ManagementDeadline = Milliseconds(AuthorizerSettings.ManagementDeadlineVariable, 5000),
        };

        // Unset, the JWKS fetch gets half the decision's deadline, at most 1 s, leaving the rest for the store.
        var jwksTimeout = Get(AuthorizerSettings.JwksTimeoutVariable) is null
            ? TimeSpan.FromMilliseconds(Math.Min(1000, settings.DecisionDeadline.TotalMilliseconds / 2))
            : Milliseconds(AuthorizerSettings.JwksTimeoutVariable, 1000);
        settings = settings with { Jwks = new Core.Jwt.JwksCacheOptions { FetchTimeout = jwksTimeout, AllowLoopbackHttp = loopbackJwks } };
        if (settings.Jwks.FetchTimeout >= settings.DecisionDeadline || settings.Jwks.FetchTimeout > TimeSpan.FromSeconds(10))
        {
            Problem(AuthorizerSettings.JwksTimeoutVariable, $"must be below {AuthorizerSettings.DecisionDeadlineVariable} (and at most 10000): a key fetch has to fit in the decision's deadline.");
        }

        if (settings.StoreTimeout > settings.DecisionDeadline)
        {
            Problem(AuthorizerSettings.StoreTimeoutVariable, $"must not exceed {AuthorizerSettings.DecisionDeadlineVariable}: one store request has to fit in the decision's deadline.");
        }

        if (settings.StoreTimeout > settings.ManagementDeadline)
        {
            Problem(AuthorizerSettings.StoreTimeoutVariable, $"must not exceed {AuthorizerSettings.ManagementDeadlineVariable}: one store request has to fit in a management call's deadline.");
        }

        return _problems.Count == 0 ? settings : throw new AuthorizerSettingsException(_variables, _problems);
    }

    private string? Get(string name)
    {
        var value = getVariable(name);
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private void Problem(string name, string problem)
    {
        _variables.Add(name);
        _problems.Add($"{name} {problem}");
    }

    private string? Optional(string name, Func<string, bool> isValid, string expectation)
    {
        var value = Get(name);
        if (value is null)
        {
            return null;
        }

        if (!isValid(value))
        {
            Problem(name, expectation);
            return null;
        }

        return value;
    }

    private Uri? ReadEndpoint()
    {
        var value = Get(AuthorizerSettings.DynamoDbEndpointVariable);
        if (value is null)
        {
            return null;
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        Problem(AuthorizerSettings.DynamoDbEndpointVariable, "must be an absolute http:// or https:// URL, e.g. http://127.0.0.1:4567.");
        return null;
    }

    private string FilePath(string name, string fallback)
    {
        var value = Get(name);
        if (value is null)
        {
            return fallback;
        }

        if (string.IsNullOrWhiteSpace(value) || value.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0 || value.EndsWith('/'))
        {
            Problem(name, "must be a file path.");
            return fallback;
        }

        return value;
    }

    private TimeSpan Seconds(string name, int fallback) =>
        TimeSpan.FromSeconds(Integer(name, fallback, 0, AuthorizerSettings.MaxCacheTtlSeconds));

    private TimeSpan Milliseconds(string name, int fallback) =>
        TimeSpan.FromMilliseconds(Integer(name, fallback, AuthorizerSettings.MinStoreMilliseconds, AuthorizerSettings.MaxStoreMilliseconds));

    private int Integer(string name, int fallback, int min, int max)
    {
        var value = Get(name);
        if (value is null)
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        Problem(name, $"must be a whole number from {min} to {max}.");
        return fallback;
    }

    private FailureThrottleOptions ReadFailureThrottle()
    {
        var maxFailures = Integer(AuthorizerSettings.ThrottleMaxFailuresVariable, FailureThrottleOptions.DefaultMaxFailures, 0, AuthorizerSettings.MaxThrottleFailures);
        var window = Integer(AuthorizerSettings.ThrottleWindowVariable, 60, 1, AuthorizerSettings.MaxThrottleSeconds);
        var block = Integer(AuthorizerSettings.ThrottleBlockVariable, 60, 1, AuthorizerSettings.MaxThrottleSeconds);
        return new FailureThrottleOptions
        {
            // 0 turns the throttle off; the options keep a valid limit so that Validate() still holds.
            Enabled = maxFailures > 0,
            MaxFailures = maxFailures > 0 ? maxFailures : FailureThrottleOptions.DefaultMaxFailures,
            Window = TimeSpan.FromSeconds(window),
            BlockDuration = TimeSpan.FromSeconds(block),
        };
    }

    private bool ReadJwksLoopbackHttp() =>
        OnOff(AuthorizerSettings.JwksLoopbackHttpVariable, "local runner: http JWKS on 127.0.0.1/localhost");

    private bool ReadResultCache() =>
        OnOff(AuthorizerSettings.ResultCacheVariable, "API Gateway caches this function's answers");

    /// <summary>A switch that is off unless set to <c>on</c>; <paramref name="onMeans"/> explains <c>on</c> in the problem text.</summary>
    private bool OnOff(string variable, string onMeans)
    {
        switch (Get(variable)?.ToUpperInvariant())
        {
            case null:
            case "OFF":
                return false;
            case "ON":
                return true;
            default:
                Problem(variable, $"must be 'on' ({onMeans}) or 'off'.");
                return false;
        }
    }

    private bool ReadMetrics()
    {
        var value = Get(AuthorizerSettings.MetricsVariable);
        switch (value?.ToUpperInvariant())
        {
            case null:
            case "EMF":
                return true;
            case "OFF":
                return false;
            default:
                Problem(AuthorizerSettings.MetricsVariable, "must be 'emf' or 'off'.");
                return true;
        }
    }

    private HttpApiResponseFormat ReadHttpApiResponse()
    {
        var value = Get(AuthorizerSettings.HttpApiResponseVariable);
        switch (value?.ToUpperInvariant())
        {
            case null:
            case "SIMPLE":
                return HttpApiResponseFormat.Simple;
            case "IAM":
                return HttpApiResponseFormat.Iam;
            default:
                Problem(AuthorizerSettings.HttpApiResponseVariable, "must be 'simple' or 'iam'.");
                return HttpApiResponseFormat.Simple;
        }
    }

    private AuthorizerLogLevel ReadLogLevel()
    {
        var value = Get(AuthorizerSettings.LogLevelVariable);
        switch (value?.ToUpperInvariant())
        {
            case null:
            case "INFORMATION":
            case "INFO":
                return AuthorizerLogLevel.Information;
            case "TRACE":
            case "DEBUG":
                return AuthorizerLogLevel.Debug;
            case "WARNING":
            case "WARN":
                return AuthorizerLogLevel.Warning;
            case "ERROR":
            case "CRITICAL":
                return AuthorizerLogLevel.Error;
            case "NONE":
            case "OFF":
                return AuthorizerLogLevel.None;
            default:
                Problem(AuthorizerSettings.LogLevelVariable, "must be one of debug, information, warning, error, none.");
                return AuthorizerLogLevel.Information;
        }
    }

    private Dictionary<string, string>? ReadTokenPublicKeys()
    {
        const string name = AuthorizerSettings.TokenPublicKeysVariable;
        var value = Get(name);
        if (value is null)
        {
            return null;
        }

        const string expectation = "must be a JSON object mapping each key id to a PEM-encoded EC P-256 public key, e.g. {\"k1\":\"-----BEGIN PUBLIC KEY-----\\n...\"}.";
        try
        {
            using var document = JsonDocument.Parse(value, new JsonDocumentOptions { MaxDepth = 4, AllowDuplicateProperties = false });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                Problem(name, expectation);
                return null;
            }

            var keys = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name.Length == 0 || property.Value.ValueKind != JsonValueKind.String || !IsP256PublicKey(property.Value.GetString()!))
                {
                    Problem(name, expectation + $" The entry '{Printable(property.Name)}' is not.");
                    return null;
                }

                keys[property.Name] = property.Value.GetString()!;
            }

            if (keys.Count == 0)
            {
                Problem(name, expectation + " It holds no key.");
                return null;
            }

            return keys;
        }
        catch (JsonException)
        {
            Problem(name, expectation + " It is not valid JSON.");
            return null;
        }
    }

    private static bool IsP256PublicKey(string pem)
    {
        // A private key here would be a leak waiting to happen; only public keys are accepted.
        if (!PemEncoding.TryFind(pem, out var fields) || !pem.AsSpan()[fields.Label].SequenceEqual("PUBLIC KEY"))
        {
            return false;
        }

        try
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(pem);
            var parameters = key.ExportParameters(includePrivateParameters: false);
            return parameters.Curve.Oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static string Printable(string text) =>
        text.Length <= 64 && text.All(c => c is >= ' ' and <= '~') ? text : "(unprintable key id)";

    private static bool ValidTableName(string value) =>
        TableNamePattern().IsMatch(value) || TableArnPattern().IsMatch(value);

    private static bool ValidKmsKeyId(string value) =>
        value.Length <= 2048 && !value.Any(char.IsWhiteSpace) && !value.Any(char.IsControl);

    [GeneratedRegex("^[A-Za-z0-9_.-]{3,255}$")]
    private static partial Regex TableNamePattern();

    [GeneratedRegex("^arn:[a-z-]+:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]{3,255}$")]
    private static partial Regex TableArnPattern();
}
