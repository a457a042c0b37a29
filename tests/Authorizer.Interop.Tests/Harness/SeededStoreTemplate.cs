using System.Security.Cryptography;
using System.Text;
using Authorizer.Core.Model;
using Authorizer.Core.Secrets;
using Authorizer.Store.Sqlite;

namespace Authorizer.Interop.Tests.Harness;

/// <summary>
/// One SQLite store (and its secret key file) seeded once per test run with the corpus app, authorized for every
/// route; each harness works on its own copy, which is much cheaper than creating and seeding a store every time.
/// </summary>
internal static class SeededStoreTemplate
{
    public const string AppId = "app-interop";
    public const string AppName = "interop corpus";
    public const string DatabaseFile = "apps.db";
    public const string SecretKeyFile = "secret.key";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<string, string> Templates = new(StringComparer.Ordinal);

    /// <summary>Copies the seeded store for these credentials into <paramref name="directory"/>.</summary>
    public static async Task CopyToAsync(string directory, string appKey, string appSecret)
    {
        var template = await GetAsync(appKey, appSecret);
        foreach (var file in Directory.EnumerateFiles(template))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        }
    }

    public static string NewTempDirectory()
    {
        var directory = Path.Combine(
            Path.GetTempPath(), "authorizer-interop", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        Directory.CreateDirectory(directory);
        return directory;
    }

    private static async Task<string> GetAsync(string appKey, string appSecret)
    {
        await Gate.WaitAsync();
        try
        {
            var id = appKey + "\n" + appSecret;
            if (Templates.TryGetValue(id, out var existing))
            {
                return existing;
            }

            var directory = NewTempDirectory();
            await SeedAsync(directory, appKey, appSecret);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(directory);
            Templates[id] = directory;
            return directory;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task SeedAsync(string directory, string appKey, string appSecret)
    {
        var now = DateTimeOffset.UnixEpoch.AddYears(50);
        using (var protector = AesGcmSecretProtector.FromKeyFile(Path.Combine(directory, SecretKeyFile)))
        using (var store = new SqliteAppStore(Path.Combine(directory, DatabaseFile), TimeProvider.System))
        {
            var ciphertext = await protector.ProtectAsync(AppId, Encoding.UTF8.GetBytes(appSecret));
            await store.CreateAppAsync(
                new AppRecord
                {
                    AppId = AppId,
                    Name = AppName,
                    AppKey = appKey,
                    Secrets = [new StoredSecret(ciphertext, null)],
                    CreatedAt = now,
                    UpdatedAt = now,
                },
                []);
            await store.PutAuthorizationAsync(new AppAuthorization
            {
                AuthId = "auth-all-routes",
                AppId = AppId,
                ApiId = "*",
                Stage = "*",
                Routes = [new RouteGrant("*", "/*")],
                CreatedAt = now,
            });
        }

        // Closing the last connection checkpoints the WAL, so the database file alone holds the seed.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
