using System.Text;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Secrets;
using Authorizer.Core.Store;
using Authorizer.Core.Tokens;
using Authorizer.Store.Sqlite;

namespace Authorizer.Benchmarks;

/// <summary>
/// The engine over a <see cref="WarmDirectory"/> holding one app authorized on every route, with a clock stopped
/// at <see cref="Now"/> and replay protection off (so a benchmark can send the same signed request again).
/// The store behind it is a throwaway SQLite file; with replay protection off the engine does not write to it.
/// </summary>
internal sealed class VerificationWorld : IDisposable
{
    public const string AppId = "bench-app";
    public const string AuthId = "bench-auth";

    private readonly BenchFolder _folder;
    private readonly SqliteAppStore _store;

    public VerificationWorld(string appKey, string appSecret, string appCode, DateTimeOffset now, ITokenValidator? tokens = null)
    {
        AppKey = appKey;
        AppSecret = appSecret;
        AppCode = appCode;
        Now = now;
        Time = new FixedTimeProvider(now);
        var app = new AppRecord
        {
            AppId = AppId,
            Name = "Benchmark app",
            AppKey = appKey,
            Secrets = [new StoredSecret([0], null)],
            CreatedAt = now,
            UpdatedAt = now,
        };
        var resolved = new ResolvedApp(app, [new SecretMaterial(Encoding.UTF8.GetBytes(appSecret), null)]);
        var code = new AppCodeRecord("bench-code", AppId, AppCodeHasher.Hash(appCode), appCode[^4..], now);
        Settings = new ApiSettings { ApiId = ApiSettings.DefaultApiId, ReplayProtection = ReplayProtection.Off };
        var authorization = new AppAuthorization
        {
            AuthId = AuthId,
            AppId = AppId,
            ApiId = "*",
            Stage = "*",
            Routes = [new RouteGrant("*", "/*")],
            CreatedAt = now,
        };
        Directory = new WarmDirectory(resolved, code, Settings, [authorization]);
        _folder = BenchFolder.Create();
        _store = new SqliteAppStore(_folder.StorePath, Time);
        Engine = new AuthorizerEngine(Directory, _store, Time, AuthorizerOptions.Default, tokens);
    }

    public string AppKey { get; }
    public string AppSecret { get; }
    public string AppCode { get; }
    public DateTimeOffset Now { get; }
    public TimeProvider Time { get; }
    public ApiSettings Settings { get; }
    public WarmDirectory Directory { get; }
    public AuthorizerEngine Engine { get; }
    public SqliteAppStore Store => _store;

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }
}
