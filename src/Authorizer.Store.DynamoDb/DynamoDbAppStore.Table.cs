using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using static Authorizer.Store.DynamoDb.DynamoKeys;

namespace Authorizer.Store.DynamoDb;

public sealed partial class DynamoDbAppStore
{
    /// <summary>
    /// Creates the table (on-demand, with <c>GSI1</c>) when it does not exist, waits until it is active and turns
    /// TTL on for <c>expiresAt</c> when the server supports it. Safe to call on an existing table.
    /// </summary>
    public static async Task CreateTableAsync(IAmazonDynamoDB client, string tableName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        var request = new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition(Pk, ScalarAttributeType.S),
                new AttributeDefinition(Sk, ScalarAttributeType.S),
                new AttributeDefinition(Gsi1Pk, ScalarAttributeType.S),
                new AttributeDefinition(Gsi1Sk, ScalarAttributeType.S),
            ],
            KeySchema = [new KeySchemaElement(Pk, KeyType.HASH), new KeySchemaElement(Sk, KeyType.RANGE)],
            GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = Gsi1,
                    KeySchema = [new KeySchemaElement(Gsi1Pk, KeyType.HASH), new KeySchemaElement(Gsi1Sk, KeyType.RANGE)],
                    Projection = new Projection { ProjectionType = ProjectionType.ALL },
                },
            ],
        };
        try
        {
            await client.CreateTableAsync(request, ct).ConfigureAwait(false);
        }
        catch (ResourceInUseException)
        {
            // It exists already; make sure it is ready and has TTL.
        }

        await WaitUntilActiveAsync(client, tableName, ct).ConfigureAwait(false);
        try
        {
            await client.UpdateTimeToLiveAsync(
                new UpdateTimeToLiveRequest
                {
                    TableName = tableName,
                    TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = ExpiresAt, Enabled = true },
                },
                ct).ConfigureAwait(false);
        }
        catch (AmazonDynamoDBException ex) when (ex.ErrorCode is "UnknownOperationException" or "ValidationException")
        {
            // Emulators without TTL, or TTL already on: expired items are ignored on read either way.
        }
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
