namespace Authorizer.Store.DynamoDb;

/// <summary>
/// The attribute and index names <see cref="DynamoDbAppStore"/> reads and writes in key roles. A table must
/// declare each of them (see <see cref="TableDefinition.FindMismatches"/>), or key reads and index queries fail.
/// </summary>
public sealed record StoreSchema(
    string PartitionKey,
    string SortKey,
    string IndexName,
    string IndexPartitionKey,
    string IndexSortKey,
    string TimeToLiveAttribute);
