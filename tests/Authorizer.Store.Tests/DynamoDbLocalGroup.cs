using Authorizer.TestSupport;

namespace Authorizer.Store.Tests;

/// <summary>Test classes on Amazon DynamoDB Local (one server per test process); each test makes its own table.</summary>
[CollectionDefinition(Name)]
public sealed class DynamoDbLocalGroup : ICollectionFixture<DynamoDbLocalFixture>
{
    public const string Name = "dynamodb-local";
}
