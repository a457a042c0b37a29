using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using static Authorizer.Store.DynamoDb.DynamoKeys;

namespace Authorizer.Store.DynamoDb;

public sealed partial class DynamoDbAppStore
{
    /// <summary>The names this store uses in key roles; a table it runs on must declare them.</summary>
    public static StoreSchema Schema { get; } = new(Pk, Sk, Gsi1, Gsi1Pk, Gsi1Sk, ExpiresAt);

    /// <summary>
    /// Creates the table <paramref name="tableName"/> as <paramref name="definition"/> declares it (normally read from
    /// template.yaml) when it does not exist, waits until it and its indexes are active, and turns TTL on when the
    /// definition names a TTL attribute. Safe to call on an existing table. Throws
    /// <see cref="InvalidOperationException"/> when the definition does not fit <see cref="Schema"/>.
    /// </summary>
    public static async Task CreateTableAsync(IAmazonDynamoDB client, TableDefinition definition, string tableName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        var mismatches = definition.FindMismatches(Schema);
        if (mismatches.Count > 0)
        {
            throw new InvalidOperationException("The table definition does not fit the store: " + string.Join("; ", mismatches) + ".");
        }

        try
        {
            await client.CreateTableAsync(definition.ToCreateTableRequest(tableName), ct).ConfigureAwait(false);
        }
        catch (ResourceInUseException)
        {
            // It exists already; make sure it is ready and has TTL.
        }

        await WaitUntilActiveAsync(client, tableName, ct).ConfigureAwait(false);
        if (definition.TimeToLiveAttribute is not { } ttl)
        {
            return;
        }

        var current = await client.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = tableName }, ct).ConfigureAwait(false);
        if (current.TimeToLiveDescription?.TimeToLiveStatus == TimeToLiveStatus.ENABLED
            && string.Equals(current.TimeToLiveDescription.AttributeName, ttl, StringComparison.Ordinal))
        {
            return;
        }

        await client.UpdateTimeToLiveAsync(
            new UpdateTimeToLiveRequest
            {
                TableName = tableName,
                TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = ttl, Enabled = true },
            },
            ct).ConfigureAwait(false);
    }

    private static async Task WaitUntilActiveAsync(IAmazonDynamoDB client, string tableName, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var table = (await client.DescribeTableAsync(new DescribeTableRequest { TableName = tableName }, ct).ConfigureAwait(false)).Table;
            var indexesReady = table.GlobalSecondaryIndexes?.All(i => i.IndexStatus == IndexStatus.ACTIVE) ?? true;
            if (table.TableStatus == TableStatus.ACTIVE && indexesReady)
            {
                return;
            }

            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
        }
    }
}
