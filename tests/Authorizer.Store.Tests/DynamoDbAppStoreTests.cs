using Amazon.DynamoDBv2;
using Authorizer.Core.Store;
using Authorizer.Store.DynamoDb;
using Authorizer.TestSupport;

namespace Authorizer.Store.Tests;

[Collection(DynamoDbLocalGroup.Name)]
public sealed class DynamoDbAppStoreTests(DynamoDbLocalFixture server) : AppStoreContractTests
{
    private AmazonDynamoDBClient? _client;

    protected override async Task<IAppStore> CreateStoreAsync(FakeTimeProvider time)
    {
        _client = await server.CreateClientAsync();
        var table = await server.CreateTableAsync(_client, "store");
        return new DynamoDbAppStore(_client, table, time);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _client?.Dispose();
    }

    [Fact]
    public async Task Creating_the_table_twice_is_harmless()
    {
        var table = server.NewTableName("twice");
        await DynamoDbAppStore.CreateTableAsync(_client!, DynamoDbLocalFixture.TemplateTable, table, CancellationToken.None);
        await DynamoDbAppStore.CreateTableAsync(_client!, DynamoDbLocalFixture.TemplateTable, table, CancellationToken.None);

        var description = await _client!.DescribeTableAsync(table);
        Assert.Equal(BillingMode.PAY_PER_REQUEST, description.Table.BillingModeSummary?.BillingMode);
        Assert.Contains(description.Table.GlobalSecondaryIndexes, i => i.IndexName == "GSI1");
    }

    [Fact]
    public async Task Ids_holding_the_key_separator_do_not_collide()
    {
        Assert.True(await Store.TryRecordNonceAsync("a#b", "c", Time.GetUtcNow().AddMinutes(5)));
        Assert.True(await Store.TryRecordNonceAsync("a", "b#c", Time.GetUtcNow().AddMinutes(5)));
        Assert.False(await Store.TryRecordNonceAsync("a#b", "c", Time.GetUtcNow().AddMinutes(5)));
    }
}
