using System.Security.Cryptography;
using System.Text;
using Authorizer.Core.Model;
using Authorizer.Core.Secrets;
using Authorizer.Core.Store;
using Authorizer.Store.Sqlite;
using BenchmarkDotNet.Attributes;

namespace Authorizer.Benchmarks;

/// <summary>
/// A cold app lookup: the uncached directory reads the app by AppKey from the store and decrypts its secret,
/// as on a cache miss. SQLite file store with AES-GCM secrets.
/// </summary>
[MemoryDiagnoser]
public class ColdLookupBenchmarks
{
    private string _folder = null!;
    private SqliteAppStore _store = null!;
    private AesGcmSecretProtector _protector = null!;
    private AppDirectory _directory = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "authorizer-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        var now = DateTimeOffset.UtcNow;
        _store = new SqliteAppStore(Path.Combine(_folder, "store.db"), TimeProvider.System);
        _protector = new AesGcmSecretProtector(RandomNumberGenerator.GetBytes(AesGcmSecretProtector.KeySize));
        var ciphertext = _protector.ProtectAsync(VerificationWorld.AppId, Encoding.UTF8.GetBytes(BenchCredentials.AppSecret)).AsTask().GetAwaiter().GetResult();
        var app = new AppRecord
        {
            AppId = VerificationWorld.AppId,
            Name = "Benchmark app",
            AppKey = BenchCredentials.AppKey,
            Secrets = [new StoredSecret(ciphertext, null)],
            CreatedAt = now,
            UpdatedAt = now,
        };
        _store.CreateAppAsync(app, [new AppCodeRecord("c1", app.AppId, AppCodeHasher.Hash(BenchCredentials.AppCode), "5d8f", now)]).GetAwaiter().GetResult();
        _directory = new AppDirectory(_store, _protector);
        var found = FindByAppKey().AsTask().GetAwaiter().GetResult();
        if (found is null || !found.Secrets[0].Secret.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(BenchCredentials.AppSecret)))
        {
            throw new InvalidOperationException("The seeded app was not found with its secret.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        _protector.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public ValueTask<ResolvedApp?> FindByAppKey() => _directory.FindByAppKeyAsync(BenchCredentials.AppKey);

    [Benchmark]
    public ValueTask<ResolvedAppCode?> FindByAppCode() => _directory.FindByAppCodeHashAsync(AppCodeHasher.Hash(BenchCredentials.AppCode));
}
