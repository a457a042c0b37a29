using System.Text;
using Authorizer.Functions;
using Authorizer.Functions.Hosting;
using Authorizer.Functions.Settings;

namespace Authorizer.Interop.Tests.Harness;

/// <summary>
/// The real <see cref="AuthorizerFunction"/> handler on its production composition
/// (<see cref="AuthorizerServices.Create"/>) over a private copy of a seeded SQLite store and secret key, with a
/// clock that stands still: event JSON in, policy or simple response JSON out. One harness per evaluation keeps
/// nonce bookkeeping and failure throttling from leaking between checks.
/// </summary>
public sealed class AuthorizerHarness : IAsyncDisposable
{
    private readonly string _directory;
    private readonly AuthorizerServices _services;
    private readonly AuthorizerFunction _function;

    private AuthorizerHarness(string directory, FakeTimeProvider time, AuthorizerServices services)
    {
        _directory = directory;
        Time = time;
        _services = services;
        _function = new AuthorizerFunction(services);
    }

    public FakeTimeProvider Time { get; }

    /// <param name="now">The clock's time.</param>
    /// <param name="appKey">The seeded app's key.</param>
    /// <param name="appSecret">The seeded app's secret.</param>
    /// <param name="seed">More records for this harness's copy of the store (e.g. an API's settings), written before the function starts.</param>
    public static async Task<AuthorizerHarness> CreateAsync(DateTimeOffset now, string appKey, string appSecret, Func<Core.Store.IAppStore, Task>? seed = null)
    {
        var directory = SeededStoreTemplate.NewTempDirectory();
        await SeededStoreTemplate.CopyToAsync(directory, appKey, appSecret);
        if (seed is not null)
        {
            using (var store = new Store.Sqlite.SqliteAppStore(Path.Combine(directory, SeededStoreTemplate.DatabaseFile), TimeProvider.System))
            {
                await seed(store);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }

        var time = new FakeTimeProvider(now);
        var settings = new AuthorizerSettings
        {
            SqlitePath = Path.Combine(directory, SeededStoreTemplate.DatabaseFile),
            SecretKeyFile = Path.Combine(directory, SeededStoreTemplate.SecretKeyFile),
            TokenKeyFile = Path.Combine(directory, "token-key.pem"),
            HttpApiResponse = HttpApiResponseFormat.Simple,
            LogLevel = AuthorizerLogLevel.None,
        };
        return new AuthorizerHarness(directory, time, AuthorizerServices.Create(settings, time));
    }

    /// <summary>A REST event: an IAM policy, or <see cref="VerdictKind.Unauthorized"/> when the handler fails with <c>Unauthorized</c>.</summary>
    public async Task<Verdict> InvokeRestAsync(string eventJson)
    {
        try
        {
            return Verdict.FromIamPolicy(await InvokeAsync(eventJson));
        }
        catch (UnauthorizedException)
        {
            return new Verdict(VerdictKind.Unauthorized, null, null, null, string.Empty);
        }
    }

    /// <summary>An HTTP API event, answered with the simple response.</summary>
    public async Task<Verdict> InvokeHttpApiAsync(string eventJson) =>
        Verdict.FromSimpleResponse(await InvokeAsync(eventJson));

    public ValueTask DisposeAsync()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder never affects another harness: each has its own.
        }

        return ValueTask.CompletedTask;
    }

    private async Task<string> InvokeAsync(string eventJson)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(eventJson));
        await using var output = await _function.Handler(input);
        using var reader = new StreamReader(output, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}
