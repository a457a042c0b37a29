using System.Security.Cryptography;
using System.Text;
using Authorizer.Core.Model;
using Authorizer.Core.Secrets;
using Authorizer.Core.Store;
using Authorizer.Store.DynamoDb;
using Authorizer.Store.Sqlite;
using BenchmarkDotNet.Attributes;

namespace Authorizer.Benchmarks;

/// <summary>
/// A cold app lookup: the uncached directory reads the app by AppKey from the store and decrypts its secret,
/// as on a cache miss; or finds it by AppCode hash. AES-GCM secrets over a SQLite file store, or over DynamoDB
/// (DynamoDB Local on loopback: the time is mostly the HTTP round trip and the SDK, not a network).
/// </summary>
[MemoryDiagnoser]
public class ColdLookupBenchmarks
{
    private BenchFolder _folder = null!;
    private IAppStore _store = null!;
    private BenchDynamoDbLocal? _dynamoDbLocal;
    private AesGcmSecretProtector _protector = null!;
    private AppDirectory _directory = null!;

    [Params("sqlite", "dynamodb")]
    public string Backend { get; set; } = "sqlite";

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        (_store as IDisposable)?.Dispose();
        _dynamoDbLocal?.Dispose();
        _protector.Dispose();
        _folder.Dispose();
    }

    [Benchmark]
    public ValueTask<ResolvedApp?> FindByAppKey() => _directory.FindByAppKeyAsync(BenchCredentials.AppKey);

    [Benchmark]
    public ValueTask<ResolvedAppCode?> FindByAppCode() => _directory.FindByAppCodeHashAsync(AppCodeHasher.Hash(BenchCredentials.AppCode));

    private async Task SetupAsync()
    {
        _folder = BenchFolder.Create();
        _store = await CreateStoreAsync();
        _protector = new AesGcmSecretProtector(RandomNumberGenerator.GetBytes(AesGcmSecretProtector.KeySize));
        var now = DateTimeOffset.UtcNow;
        var ciphertext = await _protector.ProtectAsync(VerificationWorld.AppId, Encoding.UTF8.GetBytes(BenchCredentials.AppSecret));
        var app = new AppRecord
        {
            AppId = VerificationWorld.AppId,
            Name = "Benchmark app",
            AppKey = BenchCredentials.AppKey,
            Secrets = [new StoredSecret(ciphertext, null)],
            CreatedAt = now,
            UpdatedAt = now,
        };
        await _store.CreateAppAsync(app, [new AppCodeRecord("c1", app.AppId, AppCodeHasher.Hash(BenchCredentials.AppCode), "5d8f", now)]);
        _directory = new AppDirectory(_store, _protector);

        var found = await FindByAppKey();
        if (found is null || !found.Secrets[0].Secret.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(BenchCredentials.AppSecret)))
        {
            throw new InvalidOperationException($"The seeded app was not found with its secret in {Backend}.");
        }

        var byCode = await FindByAppCode();
        if (byCode is null || byCode.App.App.AppId != VerificationWorld.AppId)
        {
            throw new InvalidOperationException($"The seeded AppCode was not found in {Backend}.");
        }
    }

    private async Task<IAppStore> CreateStoreAsync()
    {
        switch (Backend)
        {
            case "sqlite":
                return new SqliteAppStore(_folder.StorePath, TimeProvider.System);
            case "dynamodb":
                _dynamoDbLocal = await BenchDynamoDbLocal.StartAsync();
                return new DynamoDbAppStore(_dynamoDbLocal.Client, _dynamoDbLocal.TableName, TimeProvider.System);
            default:
                throw new InvalidOperationException($"Unknown backend {Backend}.");
        }
    }
}
