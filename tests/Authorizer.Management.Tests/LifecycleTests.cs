using Authorizer.Core.Decisions;
using Authorizer.Core.Requests;
using Authorizer.Core.Secrets;
using Authorizer.Core.Signing;
using Authorizer.Core.Store;
using Authorizer.Store.Sqlite;

namespace Authorizer.Management.Tests;

/// <summary>
/// One app's whole life through the management API and the authorizer engine on the real SQLite store:
/// every scheme is allowed after a grant, and each management action takes effect on the next request.
/// </summary>
public sealed class LifecycleTests : IDisposable
{
    private const string ApiId = "api1";
    private const string Stage = "Prod";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "authorizer-mgmt-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task App_lifecycle_on_sqlite()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        var store = new SqliteAppStore(Path.Combine(_dir, "apps.db"), time);
        using var protector = new AesGcmSecretProtector(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await RunLifecycleAsync(store, protector, time);
    }

    internal static async Task RunLifecycleAsync(IAppStore store, ISecretProtector protector, FakeTimeProvider time)
    {
        using var h = await ApiHarness.CreateAsync(store, protector, time);
        // Nothing cached between the store and the engine: each management action shows on the next request.
        var options = AuthorizerOptions.Default with { TokenRevocationStaleness = TimeSpan.Zero };
        var engine = new AuthorizerEngine(new AppDirectory(store, protector), store, time, options, h.Validator);
        await LifecycleWalk.RunAsync(new DirectDriver(h, engine, new RequestSigner(time)), time);
    }

    /// <summary>Calls <see cref="ManagementApi"/> and <see cref="AuthorizerEngine"/> in process, without the Lambda handlers.</summary>
    private sealed class DirectDriver(ApiHarness h, AuthorizerEngine engine, RequestSigner signer) : ILifecycleDriver
    {
        public string ApiId => LifecycleTests.ApiId;

        public string Stage => LifecycleTests.Stage;

        public Task<Reply> SendAsync(string method, string path, string? body, bool asAdmin = true) =>
            h.SendAsync(method, path, body, caller: asAdmin ? string.Empty : null);

        public async Task<LifecycleDecision> AuthorizeAsync(SigningCredentials credentials, string path)
        {
            var headers = new List<KeyValuePair<string, string>> { new("host", $"{ApiId}.execute-api.eu-west-1.amazonaws.com") };
            var signable = new SignableRequest("GET", path, [new("q", "1")], headers);
            var map = new HeaderMap();
            foreach (var (name, value) in headers.Concat(signer.Sign(signable, credentials)))
            {
                map.Add(name, value);
            }

            var query = new QueryMap();
            query.Add("q", "1");
            Assert.True(ApiTarget.TryParse($"arn:aws:execute-api:eu-west-1:123456789012:{ApiId}/{Stage}/GET{path}", out var target));
            var decision = await engine.AuthorizeAsync(new AuthRequest
            {
                Kind = EventKind.RestRequest,
                Method = "GET",
                Path = path,
                Headers = map,
                Query = query,
                Target = target,
            });
            return new LifecycleDecision(decision.Outcome, decision.ErrorCode, decision.Principal?.AppId, decision.Principal?.Scheme);
        }
    }
}
