using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Authorizer.Store.DynamoDb;

/// <summary>
/// The shape of the app table as a deployment declares it (read from template.yaml's
/// <c>AWS::DynamoDB::Table</c>): attribute definitions, key schema, global secondary indexes and the TTL
/// attribute. The store never defines its own table; it creates one from this and checks its names against it.
/// </summary>
public sealed record TableDefinition
{
    public required IReadOnlyList<AttributeDefinition> AttributeDefinitions { get; init; }

    public required IReadOnlyList<KeySchemaElement> KeySchema { get; init; }

    public IReadOnlyList<GlobalSecondaryIndex> GlobalSecondaryIndexes { get; init; } = [];

    /// <summary>The billing mode; PAY_PER_REQUEST when the template names none.</summary>
    public BillingMode BillingMode { get; init; } = BillingMode.PAY_PER_REQUEST;

    /// <summary>The attribute TTL deletes on, when TTL is enabled.</summary>
    public string? TimeToLiveAttribute { get; init; }

    /// <summary>A create request for a table of this shape named <paramref name="tableName"/> (fresh lists: the SDK mutates them).</summary>
    public CreateTableRequest ToCreateTableRequest(string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        return new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = BillingMode,
            AttributeDefinitions = [.. AttributeDefinitions.Select(a => new AttributeDefinition(a.AttributeName, a.AttributeType))],
            KeySchema = [.. KeySchema.Select(Copy)],
            GlobalSecondaryIndexes = GlobalSecondaryIndexes.Count == 0
                ? null
                : [.. GlobalSecondaryIndexes.Select(i => new GlobalSecondaryIndex
                {
                    IndexName = i.IndexName,
                    KeySchema = [.. i.KeySchema.Select(Copy)],
                    Projection = new Projection
                    {
                        ProjectionType = i.Projection.ProjectionType,
                        NonKeyAttributes = i.Projection.NonKeyAttributes is { Count: > 0 } extra ? [.. extra] : null,
                    },
                    ProvisionedThroughput = i.ProvisionedThroughput,
                })],
        };
    }

    /// <summary>
    /// Every name in <paramref name="schema"/> that this table does not declare in the same role, each as a sentence
    /// (empty when the store fits the table). DynamoDB names are case sensitive, so <c>gsi1pk</c> is not <c>GSI1PK</c>.
    /// </summary>
    public IReadOnlyList<string> FindMismatches(StoreSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var problems = new List<string>();
        CheckKeys("the table", KeySchema, schema.PartitionKey, schema.SortKey, problems);
        var index = GlobalSecondaryIndexes.FirstOrDefault(i => string.Equals(i.IndexName, schema.IndexName, StringComparison.Ordinal));
        if (index is null)
        {
            problems.Add($"index '{schema.IndexName}' is not declared (declared: {string.Join(", ", GlobalSecondaryIndexes.Select(i => i.IndexName))})");
        }
        else
        {
            CheckKeys($"index '{schema.IndexName}'", index.KeySchema, schema.IndexPartitionKey, schema.IndexSortKey, problems);
            if (index.Projection?.ProjectionType != ProjectionType.ALL)
            {
                problems.Add($"index '{schema.IndexName}' must project ALL attributes: the store reads whole items from it");
            }
        }

        if (!string.Equals(TimeToLiveAttribute, schema.TimeToLiveAttribute, StringComparison.Ordinal))
        {
            problems.Add($"TTL attribute is '{TimeToLiveAttribute ?? "(none)"}' but the store writes '{schema.TimeToLiveAttribute}'");
        }

        foreach (var name in new[] { schema.PartitionKey, schema.SortKey, schema.IndexPartitionKey, schema.IndexSortKey })
        {
            if (!AttributeDefinitions.Any(a => string.Equals(a.AttributeName, name, StringComparison.Ordinal) && a.AttributeType == ScalarAttributeType.S))
            {
                problems.Add($"attribute '{name}' is not defined as a string (S) attribute");
            }
        }

        return problems;
    }

    private static void CheckKeys(string owner, IReadOnlyList<KeySchemaElement> keys, string hash, string range, List<string> problems)
    {
        var declaredHash = keys.FirstOrDefault(k => k.KeyType == KeyType.HASH)?.AttributeName;
        var declaredRange = keys.FirstOrDefault(k => k.KeyType == KeyType.RANGE)?.AttributeName;
        if (!string.Equals(declaredHash, hash, StringComparison.Ordinal))
        {
            problems.Add($"{owner}: the store uses partition key '{hash}' but the template declares '{declaredHash ?? "(none)"}'");
        }

        if (!string.Equals(declaredRange, range, StringComparison.Ordinal))
        {
            problems.Add($"{owner}: the store uses sort key '{range}' but the template declares '{declaredRange ?? "(none)"}'");
        }
    }

    private static KeySchemaElement Copy(KeySchemaElement key) => new(key.AttributeName, key.KeyType);
}
