using System.Text;
using Authorizer.Core.Caching;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Requests;
using Authorizer.Core.Secrets;
using Authorizer.Core.Store;
using Authorizer.Core.Throttling;
using Authorizer.TestSupport;

namespace Authorizer.Store.Tests.Throttling;

/// <summary>
/// Two authorizer compositions (two Lambda containers) on one store: the failure throttle counts their
/// failures together, and the warm success path costs no store call.
/// </summary>
public abstract class SharedThrottleTests : IAsyncLifetime
{
    private const string AppKey = "shared-throttle-key";
    private const string AppSecret = "shared-throttle-secret-0123456789";
    private const string Arn = "arn:aws:execute-api:us-east-1:123456789012:api1/prod/GET/echo/a";

    private IAppStore? _store;

    protected FakeTimeProvider Time { get; } = new(TestData.Start);

    private IAppStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    protected abstract Task<IAppStore> CreateStoreAsync(FakeTimeProvider time);

    public async Task InitializeAsync()
    {
        _store = await CreateStoreAsync(Time);
        var app = TestData.App() with { AppKey = AppKey, Secrets = [new StoredSecret(Encoding.UTF8.GetBytes(AppSecret), null)] };
        await Store.CreateAppAsync(app, []);
        await Store.PutApiSettingsAsync(new ApiSettings { ApiId = "api1", AllowedSchemes = [SchemeIds.AppBasic] }, null);
        await Store.PutAuthorizationAsync(TestData.Authorization(app.AppId, "api1") with { Stage = "*", Routes = [new RouteGrant("*", "/*")] });
    }

    public virtual Task DisposeAsync()
    {
        (_store as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Failures_spread_over_two_containers_add_up_to_the_lock()
    {
        var first = Composition(Store);
        var second = Composition(Store);
        var half = FailureThrottleOptions.DefaultMaxFailures / 2;

        // Every guess from a new address, so only the AppKey dimension can trip; each container alone stays under.
        for (var i = 0; i < half; i++)
        {
            Assert.Equal(ErrorCodes.InvalidCredentials, (await first.AuthorizeAsync(Basic("wrong", $"198.51.100.{i}"))).ErrorCode);
        }

        for (var i = 0; i < half; i++)
        {
            Assert.Equal(ErrorCodes.InvalidCredentials, (await second.AuthorizeAsync(Basic("wrong", $"203.0.113.{i}"))).ErrorCode);
        }

        Assert.Equal(ErrorCodes.TooManyFailures, (await first.AuthorizeAsync(Basic(AppSecret, "192.0.2.1"))).ErrorCode);
        Assert.Equal(ErrorCodes.TooManyFailures, (await second.AuthorizeAsync(Basic(AppSecret, "192.0.2.2"))).ErrorCode);

        // A third container that has seen nothing learns of the lock on its first failure and holds it.
        var third = Composition(Store);
        Assert.Equal(ErrorCodes.InvalidCredentials, (await third.AuthorizeAsync(Basic("wrong", "192.0.2.3"))).ErrorCode);
        Assert.Equal(ErrorCodes.TooManyFailures, (await third.AuthorizeAsync(Basic(AppSecret, "192.0.2.4"))).ErrorCode);

        Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(DecisionOutcome.Allow, (await first.AuthorizeAsync(Basic(AppSecret, "192.0.2.1"))).Outcome);
        Assert.Equal(DecisionOutcome.Allow, (await second.AuthorizeAsync(Basic(AppSecret, "192.0.2.2"))).Outcome);
    }

    [Fact]
    public async Task Failures_from_one_address_over_two_containers_lock_the_address()
    {
        var first = Composition(Store);
        var second = Composition(Store);
        var half = FailureThrottleOptions.DefaultMaxFailures / 2;
        for (var i = 0; i < half; i++)
        {
            await first.AuthorizeAsync(Basic("wrong", "198.51.100.9", appKey: $"guess-a{i}"));
            await second.AuthorizeAsync(Basic("wrong", "198.51.100.9", appKey: $"guess-b{i}"));
        }

        Assert.Equal(ErrorCodes.TooManyFailures, (await first.AuthorizeAsync(Basic(AppSecret, "198.51.100.9"))).ErrorCode);
        Assert.Equal(ErrorCodes.TooManyFailures, (await second.AuthorizeAsync(Basic(AppSecret, "198.51.100.9"))).ErrorCode);
        Assert.Equal(DecisionOutcome.Allow, (await first.AuthorizeAsync(Basic(AppSecret, "198.51.100.10"))).Outcome);
    }

    [Fact]
    public async Task The_warm_success_path_makes_no_store_call()
    {
        var counting = new CountingAppStore(Store);
        var engine = Composition(counting);
        Assert.Equal(DecisionOutcome.Allow, (await engine.AuthorizeAsync(Basic(AppSecret, "192.0.2.1"))).Outcome);
        var afterWarmUp = counting.Calls;

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(DecisionOutcome.Allow, (await engine.AuthorizeAsync(Basic(AppSecret, "192.0.2.1"))).Outcome);
        }

        Assert.Equal(afterWarmUp, counting.Calls);
    }

    [Fact]
    public async Task A_few_failures_cost_one_write_each_and_no_read_on_later_successes()
    {
        var counting = new CountingAppStore(Store);
        var engine = Composition(counting);
        await engine.AuthorizeAsync(Basic(AppSecret, "192.0.2.1"));
        for (var i = 0; i < 3; i++)
        {
            await engine.AuthorizeAsync(Basic("wrong", "192.0.2.1"));
        }

        var afterFailures = counting.Calls;
        Assert.Equal(3 * 2, counting.FailureWrites);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(DecisionOutcome.Allow, (await engine.AuthorizeAsync(Basic(AppSecret, "192.0.2.1"))).Outcome);
        }

        Assert.Equal(afterFailures, counting.Calls);
    }

    private AuthorizerEngine Composition(IAppStore store)
    {
        var directory = new CachingAppDirectory(new AppDirectory(store, new PlainProtector()), new AppCacheOptions(), Time);
        return new AuthorizerEngine(directory, store, Time, AuthorizerOptions.Default, tokens: null);
    }

    private static AuthRequest Basic(string secret, string sourceIp, string appKey = AppKey)
    {
        var headers = new HeaderMap();
        headers.Add("Host", "api.example.com");
        headers.Add("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(appKey + ":" + secret)));
        Assert.True(ApiTarget.TryParse(Arn, out var target));
        return new AuthRequest
        {
            Kind = EventKind.RestRequest,
            Method = "GET",
            Path = "/echo/a",
            Headers = headers,
            Query = new QueryMap(),
            Target = target,
            SourceIp = sourceIp,
        };
    }

    private sealed class PlainProtector : ISecretProtector
    {
        public ValueTask<byte[]> ProtectAsync(string appId, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(plaintext.ToArray());

        public ValueTask<byte[]> UnprotectAsync(string appId, ReadOnlyMemory<byte> ciphertext, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(ciphertext.ToArray());
    }
}

public sealed class SqliteSharedThrottleTests : SharedThrottleTests
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "authorizer-throttle-tests", Guid.NewGuid().ToString("N"));

    protected override Task<IAppStore> CreateStoreAsync(FakeTimeProvider time) =>
        Task.FromResult<IAppStore>(new Authorizer.Store.Sqlite.SqliteAppStore(Path.Combine(_dir, "apps.db"), time));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}

[Collection(DynamoDbLocalGroup.Name)]
public sealed class DynamoDbSharedThrottleTests(DynamoDbLocalFixture server) : SharedThrottleTests
{
    private Amazon.DynamoDBv2.AmazonDynamoDBClient? _client;

    protected override async Task<IAppStore> CreateStoreAsync(FakeTimeProvider time)
    {
        _client = await server.CreateClientAsync();
        var table = await server.CreateTableAsync(_client, "throttle");
        return new Authorizer.Store.DynamoDb.DynamoDbAppStore(_client, table, time);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _client?.Dispose();
    }
}
