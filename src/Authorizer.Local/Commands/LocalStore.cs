using Authorizer.Core.Secrets;
using Authorizer.Core.Store;
using Authorizer.Functions.Settings;
using Authorizer.Local.Seeding;
using Authorizer.Store.DynamoDb;
using Authorizer.Store.Sqlite;

namespace Authorizer.Local.Commands;

/// <summary>
/// The store a local run uses (<c>sqlite:PATH</c>, default <c>sqlite:.authorizer/local.db</c>, or
/// <c>dynamodb:URL</c> for dynalite / DynamoDB Local), its key files under the state folder, and the
/// environment that points the functions at them.
/// </summary>
internal sealed class LocalStore : IAsyncDisposable
{
    public const string DefaultSpec = "sqlite:" + AuthorizerSettings.DefaultSqlitePath;
    public const string LocalTableName = "authorizer-local";

    private readonly IDisposable? _ownedStore;
    private readonly AesGcmSecretProtector _protector;
    private readonly IDisposable? _client;

    private LocalStore(IAppStore store, IDisposable? ownedStore, IDisposable? client, AesGcmSecretProtector protector, string stateDirectory, string description, Dictionary<string, string> environment)
    {
        Store = store;
        _ownedStore = ownedStore;
        _client = client;
        _protector = protector;
        StateDirectory = stateDirectory;
        Description = description;
        EnvironmentOverrides = environment;
    }

    public IAppStore Store { get; }

    public ISecretProtector Protector => _protector;

    public string StateDirectory { get; }

    public string Description { get; }

    /// <summary>Variables that send the functions to this store and these key files (they win over the template's).</summary>
    public IReadOnlyDictionary<string, string> EnvironmentOverrides { get; }

    public static async Task<LocalStore> OpenAsync(string? spec, string? seedPath, TextWriter log, CancellationToken cancellationToken)
    {
        var store = await OpenAsync(spec, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        if (seedPath is not null)
        {
            try
            {
                var seed = SeedParser.Parse(await File.ReadAllTextAsync(seedPath, cancellationToken).ConfigureAwait(false));
                var report = await new Seeder(store.Store, store.Protector, TimeProvider.System).SeedAsync(seed, cancellationToken).ConfigureAwait(false);
                await SeedNotes.WriteAsync(report, store.Description, log).ConfigureAwait(false);
            }
            catch
            {
                await store.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            await log.WriteLineAsync($"Seeded {seedPath} into {store.Description}").ConfigureAwait(false);
        }

        return store;
    }

    public static async Task<LocalStore> OpenAsync(string? spec, TimeProvider time, CancellationToken cancellationToken)
    {
        spec ??= DefaultSpec;
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? spec : spec[..colon];
        var target = colon < 0 ? string.Empty : spec[(colon + 1)..];
        switch (kind)
        {
            case "sqlite":
                {
                    if (target.Length == 0)
                    {
                        throw new UsageException("--store sqlite:PATH needs a file path");
                    }

                    var path = Path.GetFullPath(target);
                    var state = Path.GetDirectoryName(path)!;
                    Directory.CreateDirectory(state);
                    var protector = AesGcmSecretProtector.FromKeyFile(Path.Combine(state, "secret.key"));
                    var sqlite = new SqliteAppStore(path, time);
                    var env = Environment(state);
                    env[AuthorizerSettings.SqlitePathVariable] = path;
                    return new LocalStore(sqlite, sqlite, null, protector, state, $"sqlite:{path}", env);
                }

            case "dynamodb":
                {
                    if (!Uri.TryCreate(target, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                    {
                        throw new UsageException("--store dynamodb:URL needs an http(s) URL, e.g. dynamodb:http://127.0.0.1:4567");
                    }

                    var state = Path.GetFullPath(".authorizer");
                    Directory.CreateDirectory(state);
                    var protector = AesGcmSecretProtector.FromKeyFile(Path.Combine(state, "secret.key"));
                    // Always the placeholders and us-east-1, whatever the shell holds: the functions get the same below.
                    var client = DynamoDbClientFactory.Create(url, "us-east-1", DynamoDbClientFactory.LocalCredentials);
                    try
                    {
                        // Idempotent: an existing table is only waited on and given TTL.
                        await DynamoDbAppStore.CreateTableAsync(client, LocalTableName, cancellationToken).ConfigureAwait(false);
                    }
                    catch
                    {
                        client.Dispose();
                        throw;
                    }

                    var env = Environment(state);
                    env[AuthorizerSettings.TableNameVariable] = LocalTableName;
                    env[AuthorizerSettings.DynamoDbEndpointVariable] = url.ToString();
                    // The functions' SDK client reads these; dynalite and DynamoDB Local accept any values.
                    env["AWS_ACCESS_KEY_ID"] = "local";
                    env["AWS_SECRET_ACCESS_KEY"] = "local";
                    env["AWS_REGION"] = "us-east-1";
                    return new LocalStore(new DynamoDbAppStore(client, LocalTableName, time), null, client, protector, state, $"dynamodb:{url} table {LocalTableName}", env);
                }

            default:
                throw new UsageException($"--store: expected sqlite:PATH or dynamodb:URL, got '{spec}'");
        }
    }

    public ValueTask DisposeAsync()
    {
        _ownedStore?.Dispose();
        _client?.Dispose();
        _protector.Dispose();
        return ValueTask.CompletedTask;
    }

    // Local runs use key files, never KMS or a table left over from the template.
    private static Dictionary<string, string> Environment(string state) => new(StringComparer.Ordinal)
    {
        [AuthorizerSettings.TableNameVariable] = string.Empty,
        [AuthorizerSettings.DynamoDbEndpointVariable] = string.Empty,
        [AuthorizerSettings.KmsKeyIdVariable] = string.Empty,
        [AuthorizerSettings.TokenKmsKeyIdVariable] = string.Empty,
        [AuthorizerSettings.SecretKeyFileVariable] = Path.Combine(state, "secret.key"),
        [AuthorizerSettings.TokenKeyFileVariable] = Path.Combine(state, "token-key.pem"),

        // Standard output is the user's terminal here, not CloudWatch.
        [AuthorizerSettings.MetricsVariable] = "off",
    };
}
