using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Authorizer.Core.Secrets;
using Authorizer.Core.Store;
using Authorizer.Core.Tokens;
using Authorizer.DynamoDbLocal;
using Authorizer.Functions.Settings;
using Authorizer.Local.Seeding;
using Authorizer.Store.DynamoDb;
using Authorizer.Store.Sqlite;

namespace Authorizer.Local.Commands;

/// <summary>
/// The store a local run uses (see <see cref="StoreSpec"/>: <c>sqlite:PATH</c>, default <c>sqlite:.authorizer/local.db</c>;
/// <c>dynamodb:local</c>, <c>dynamodb:URL</c>, <c>dynamodb:aws</c>), its key files under the state folder, and the
/// environment that points the functions at them. A DynamoDB table is created from template.yaml's definition.
/// </summary>
internal sealed class LocalStore : IAsyncDisposable
{
    public const string DefaultSpec = "sqlite:" + AuthorizerSettings.DefaultSqlitePath;

    private readonly IReadOnlyList<IDisposable> _owned;
    private readonly AesGcmSecretProtector _protector;

    private LocalStore(IAppStore store, IReadOnlyList<IDisposable> owned, AesGcmSecretProtector protector, string stateDirectory, string description, Dictionary<string, string> environment, bool persists = true)
    {
        Persists = persists;
        Store = store;
        _owned = owned;
        _protector = protector;
        StateDirectory = stateDirectory;
        Description = description;
        EnvironmentOverrides = environment;
    }

    public IAppStore Store { get; }

    public ISecretProtector Protector => _protector;

    public string StateDirectory { get; }

    public string Description { get; }

    /// <summary>False for an in-memory DynamoDB Local, whose apps are gone when the run stops.</summary>
    public bool Persists { get; }

    /// <summary>Variables that send the functions to this store and these key files (they win over the template's).</summary>
    public IReadOnlyDictionary<string, string> EnvironmentOverrides { get; }

    /// <summary>Opens the store and seeds it; a DynamoDB table is created from <paramref name="templatePath"/> (the command's <c>--template</c>).</summary>
    public static async Task<LocalStore> OpenAsync(string? spec, string? seedPath, TextWriter log, CancellationToken cancellationToken, string? templatePath = null)
    {
        var store = await OpenAsync(spec, TimeProvider.System, cancellationToken, templatePath).ConfigureAwait(false);
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

    public static async Task<LocalStore> OpenAsync(string? spec, TimeProvider time, CancellationToken cancellationToken, string? templatePath = null)
    {
        var parsed = StoreSpec.Parse(spec ?? DefaultSpec);
        if (parsed.Kind == StoreKind.Sqlite)
        {
            var path = Path.GetFullPath(parsed.Path!);
            var sqliteState = Path.GetDirectoryName(path)!;
            Directory.CreateDirectory(sqliteState);
            var sqliteProtector = AesGcmSecretProtector.FromKeyFile(Path.Combine(sqliteState, "secret.key"));
            var sqlite = new SqliteAppStore(path, time);
            var sqliteEnv = Environment(sqliteState);
            sqliteEnv[AuthorizerSettings.SqlitePathVariable] = path;
            return new LocalStore(sqlite, [sqlite], sqliteProtector, sqliteState, $"sqlite:{path}", sqliteEnv);
        }

        // The template is read only here, so sqlite runs keep working from any folder.
        var template = TemplateLocator.Find(templatePath);
        var state = Path.GetFullPath(".authorizer");
        Directory.CreateDirectory(state);
        var owned = new List<IDisposable>();
        AesGcmSecretProtector? protector = null;
        try
        {
            protector = AesGcmSecretProtector.FromKeyFile(Path.Combine(state, "secret.key"));
            var env = Environment(state);

            // As with SQLite, tokens are signed with a key file here: the functions use one only when it exists.
            using (LocalEcdsaTokenSigner.FromKeyFile(env[AuthorizerSettings.TokenKeyFileVariable]))
            {
            }

            var tableName = parsed.TableName!;
            env[AuthorizerSettings.TableNameVariable] = tableName;
            AmazonDynamoDBClient client;
            string where;
            if (parsed.Kind == StoreKind.DynamoDbAws)
            {
                where = "DynamoDB (AWS)";
                client = CreateAwsClient();
            }
            else
            {
                var endpoint = parsed.Endpoint;
                where = endpoint is null ? string.Empty : $"the DynamoDB endpoint {endpoint}";
                if (parsed.Kind == StoreKind.DynamoDbLocal)
                {
                    var server = await StartDynamoDbLocalAsync(parsed.Persist ? Path.Combine(state, "dynamodb-local") : null, cancellationToken)
                        .ConfigureAwait(false);
                    owned.Add(server);
                    endpoint = server.ServiceUrl;
                    where = $"DynamoDB Local at {endpoint}";
                }

                await DynamoDbStoreStartup.EnsureReachableAsync(endpoint!, where, cancellationToken).ConfigureAwait(false);

                // Always the placeholders and us-east-1, whatever the shell holds: the functions get the same below.
                client = DynamoDbClientFactory.Create(endpoint!, "us-east-1", DynamoDbClientFactory.LocalCredentials);
                env[AuthorizerSettings.DynamoDbEndpointVariable] = endpoint!.ToString();

                // The functions' SDK client reads these; local endpoints accept any letters and digits.
                env["AWS_ACCESS_KEY_ID"] = "local";
                env["AWS_SECRET_ACCESS_KEY"] = "local";
                env["AWS_REGION"] = "us-east-1";
            }

            // Disposed before the DynamoDB Local process, so the client never talks to a stopped server.
            owned.Insert(0, client);
            await DynamoDbStoreStartup.PrepareAsync(client, template, tableName, where, cancellationToken).ConfigureAwait(false);
            var description = parsed.Kind switch
            {
                StoreKind.DynamoDbLocal => $"DynamoDB Local ({(parsed.Persist ? "data in " + Path.Combine(state, "dynamodb-local") : "in memory, gone on exit")}) at {client.Config.ServiceURL} table {tableName}",
                StoreKind.DynamoDbAws => $"DynamoDB (AWS, {client.Config.RegionEndpoint?.SystemName ?? "default region"}) table {tableName}",
                _ => $"dynamodb:{parsed.Endpoint} table {tableName}",
            };
            var persists = parsed.Kind != StoreKind.DynamoDbLocal || parsed.Persist;
            return new LocalStore(new DynamoDbAppStore(client, tableName, time), owned, protector, state, description, env, persists);
        }
        catch
        {
            foreach (var item in owned)
            {
                item.Dispose();
            }

            protector?.Dispose();
            throw;
        }
    }

    private static AmazonDynamoDBClient CreateAwsClient()
    {
        try
        {
            // The SDK's own resolution: AWS_REGION / profile for the region, the standard credential chain.
            return DynamoDbClientFactory.Create(null);
        }
        catch (AmazonClientException ex)
        {
            throw new StoreStartupException($"--store dynamodb:aws: {ex.Message.TrimEnd('.')}. Set AWS_REGION (or a profile with a region) and credentials.", ex);
        }
    }

    private static async Task<DynamoDbLocalServer> StartDynamoDbLocalAsync(string? dataDirectory, CancellationToken cancellationToken)
    {
        try
        {
            return await DynamoDbLocalServer.StartAsync(dataDirectory, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
        {
            throw new StoreStartupException($"--store dynamodb:local: DynamoDB Local did not start: {ex.Message}", ex);
        }
    }

    public ValueTask DisposeAsync()
    {
        // In order: the store or client first, then a DynamoDB Local process the run started.
        foreach (var item in _owned)
        {
            item.Dispose();
        }

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

        // Local identity providers serve their JWKS over plain HTTP on this machine.
        [AuthorizerSettings.JwksLoopbackHttpVariable] = "on",
    };
}
