using Authorizer.Store.DynamoDb;
using Authorizer.TestSupport;
using Authorizer.TestSupport.Network;

namespace Authorizer.Store.Tests;

/// <summary>
/// The DynamoDB endpoint disappears under a running store and comes back (a relay in front of the test server is
/// cut and restored): every call fails (closed) during the fault, and the same store serves again after it.
/// </summary>
[Collection(DynamoDbLocalGroup.Name)]
public sealed class DynamoDbFaultTests(DynamoDbLocalFixture server)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task An_endpoint_gone_fails_every_call_and_its_return_serves_again_without_a_restart()
    {
        var time = new FakeTimeProvider(TestData.Start);
        string table;
        using (var admin = await server.CreateClientAsync())
        {
            table = await server.CreateTableAsync(admin, "fault");
        }

        using var relay = new TcpRelay(await server.GetServiceUrlAsync());
        using var client = DynamoDbClientFactory.Create(relay.Url, "us-east-1", DynamoDbClientFactory.LocalCredentials, RequestTimeout);
        var store = new DynamoDbAppStore(client, table, time);
        var app = TestData.App();
        await store.CreateAppAsync(app, []);
        Assert.True(await store.TryRecordNonceAsync(app.AppKey, "n-before", time.GetUtcNow().AddMinutes(5)));

        relay.Cut();

        Assert.NotNull(await Record.ExceptionAsync(() => store.GetAppByKeyAsync(app.AppKey)));
        Assert.NotNull(await Record.ExceptionAsync(() => store.TryRecordNonceAsync(app.AppKey, "n-during", time.GetUtcNow().AddMinutes(5))));
        Assert.NotNull(await Record.ExceptionAsync(() => store.IsTokenRevokedAsync("jti")));

        relay.Restore();

        Assert.Equal(app.AppId, (await store.GetAppByKeyAsync(app.AppKey))?.AppId);
        Assert.True(await store.TryRecordNonceAsync(app.AppKey, "n-after", time.GetUtcNow().AddMinutes(5)));
        Assert.False(await store.TryRecordNonceAsync(app.AppKey, "n-before", time.GetUtcNow().AddMinutes(5)));
    }
}
