using Authorizer.Functions.Settings;

namespace Authorizer.Benchmarks;

/// <summary>
/// A fresh temporary folder for one benchmark's SQLite store and key files; disposing releases the pooled SQLite
/// connections and deletes it.
/// </summary>
internal sealed class BenchFolder : IDisposable
{
    private BenchFolder(string path) => Path = path;

    public string Path { get; }

    public string StorePath => System.IO.Path.Combine(Path, "store.db");

    public static BenchFolder Create()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "authorizer-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return new BenchFolder(path);
    }

    /// <summary>The composition's settings over this folder: SQLite store, AES and token key files, errors-only log.</summary>
    public AuthorizerSettings Settings() => new()
    {
        SqlitePath = StorePath,
        SecretKeyFile = System.IO.Path.Combine(Path, "secret.key"),
        TokenKeyFile = System.IO.Path.Combine(Path, "token.key"),
        LogLevel = AuthorizerLogLevel.Error,
    };

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
