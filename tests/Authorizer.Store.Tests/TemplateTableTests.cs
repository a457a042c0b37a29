using Amazon.DynamoDBv2;
using Authorizer.DynamoDbLocal;
using Authorizer.Store.DynamoDb;
using Authorizer.TestSupport;

namespace Authorizer.Store.Tests;

/// <summary>template.yaml's app table is the one definition: the store's names must match it, and tables come from it.</summary>
[Collection(DynamoDbLocalGroup.Name)]
public sealed class TemplateTableTests(DynamoDbLocalFixture server) : IDisposable
{
    private readonly List<string> _files = [];

    private static TableDefinition Template => DynamoDbLocalFixture.TemplateTable;

    [Fact]
    public void The_store_uses_only_key_attribute_and_index_names_the_template_declares()
    {
        Assert.Empty(Template.FindMismatches(DynamoDbAppStore.Schema));
    }

    [Fact]
    public void Index_key_names_differing_only_in_case_are_caught()
    {
        var lowercase = DynamoDbAppStore.Schema with { IndexPartitionKey = "gsi1pk", IndexSortKey = "gsi1sk" };

        var problems = Template.FindMismatches(lowercase);

        Assert.Contains(problems, p => p.Contains("'gsi1pk'", StringComparison.Ordinal) && p.Contains("'GSI1PK'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'gsi1sk'", StringComparison.Ordinal) && p.Contains("'GSI1SK'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("IndexName", "gsi1")]
    [InlineData("PartitionKey", "pk")]
    [InlineData("SortKey", "Sk")]
    [InlineData("TimeToLiveAttribute", "ttl")]
    public void Any_wrong_name_is_caught(string role, string wrong)
    {
        var schema = role switch
        {
            "IndexName" => DynamoDbAppStore.Schema with { IndexName = wrong },
            "PartitionKey" => DynamoDbAppStore.Schema with { PartitionKey = wrong },
            "SortKey" => DynamoDbAppStore.Schema with { SortKey = wrong },
            _ => DynamoDbAppStore.Schema with { TimeToLiveAttribute = wrong },
        };

        Assert.Contains(Template.FindMismatches(schema), p => p.Contains($"'{wrong}'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Creating_a_table_from_a_definition_the_store_does_not_fit_is_refused()
    {
        using var client = await server.CreateClientAsync();
        var renamed = Template with
        {
            GlobalSecondaryIndexes = [.. Template.GlobalSecondaryIndexes.Select(i => new Amazon.DynamoDBv2.Model.GlobalSecondaryIndex
            {
                IndexName = "ByPartition",
                KeySchema = i.KeySchema,
                Projection = i.Projection,
            })],
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => DynamoDbAppStore.CreateTableAsync(client, renamed, server.NewTableName("misfit"), CancellationToken.None));
        Assert.Contains("index 'GSI1' is not declared", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_created_table_has_the_templates_keys_index_and_ttl()
    {
        using var client = await server.CreateClientAsync();
        var table = await server.CreateTableAsync(client, "shape");

        var described = (await client.DescribeTableAsync(table)).Table;
        Assert.Equal(
            Template.KeySchema.Select(k => (k.AttributeName, k.KeyType.Value)),
            described.KeySchema.Select(k => (k.AttributeName, k.KeyType.Value)));
        var index = Assert.Single(described.GlobalSecondaryIndexes);
        var declared = Assert.Single(Template.GlobalSecondaryIndexes);
        Assert.Equal(declared.IndexName, index.IndexName);
        Assert.Equal(declared.KeySchema.Select(k => (k.AttributeName, k.KeyType.Value)), index.KeySchema.Select(k => (k.AttributeName, k.KeyType.Value)));
        var ttl = (await client.DescribeTimeToLiveAsync(table)).TimeToLiveDescription;
        Assert.Equal(TimeToLiveStatus.ENABLED, ttl.TimeToLiveStatus);
        Assert.Equal(Template.TimeToLiveAttribute, ttl.AttributeName);
    }

    [Fact]
    public void The_reader_takes_the_key_schema_indexes_and_ttl_from_the_template()
    {
        var path = WriteTemplate("""
            Parameters:
              Mode:
                Type: String
                Default: PAY_PER_REQUEST
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: !Sub "${AWS::StackName}-q"
              Table:
                Type: AWS::DynamoDB::Table
                Properties:
                  TableName: !Sub "${AWS::StackName}-apps"
                  BillingMode: !Ref Mode
                  AttributeDefinitions:
                    - { AttributeName: A, AttributeType: S }
                    - { AttributeName: B, AttributeType: S }
                  KeySchema:
                    - { AttributeName: A, KeyType: HASH }
                  GlobalSecondaryIndexes:
                    - IndexName: ByB
                      KeySchema:
                        - { AttributeName: B, KeyType: HASH }
                        - { AttributeName: A, KeyType: RANGE }
                      Projection: { ProjectionType: KEYS_ONLY }
                  TimeToLiveSpecification: { AttributeName: until, Enabled: true }
                  StreamSpecification: { StreamViewType: !GetAtt Queue.Arn }
            """);

        var table = TemplateTableReader.Read(path);

        Assert.Equal(["A", "B"], table.AttributeDefinitions.Select(a => a.AttributeName));
        Assert.Equal(("A", "HASH"), (table.KeySchema.Single().AttributeName, table.KeySchema.Single().KeyType.Value));
        var index = Assert.Single(table.GlobalSecondaryIndexes);
        Assert.Equal("ByB", index.IndexName);
        Assert.Equal(["B", "A"], index.KeySchema.Select(k => k.AttributeName));
        Assert.Equal(ProjectionType.KEYS_ONLY, index.Projection.ProjectionType);
        Assert.Equal("until", table.TimeToLiveAttribute);
    }

    [Fact]
    public void An_intrinsic_the_reader_cannot_resolve_in_a_key_property_is_a_clear_error()
    {
        var path = WriteTemplate("""
            Resources:
              Table:
                Type: AWS::DynamoDB::Table
                Properties:
                  AttributeDefinitions:
                    - { AttributeName: !GetAtt Other.Name, AttributeType: S }
                  KeySchema:
                    - { AttributeName: A, KeyType: HASH }
            """);

        var error = Assert.Throws<TemplateTableException>(() => TemplateTableReader.Read(path));
        Assert.Contains("resource Table AttributeName: cannot resolve !GetAtt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_with_two_tables_needs_the_one_to_read_named()
    {
        var path = WriteTemplate("""
            Resources:
              One:
                Type: AWS::DynamoDB::Table
                Properties:
                  AttributeDefinitions: [{ AttributeName: A, AttributeType: S }]
                  KeySchema: [{ AttributeName: A, KeyType: HASH }]
              Two:
                Type: AWS::DynamoDB::Table
                Properties:
                  AttributeDefinitions: [{ AttributeName: Z, AttributeType: N }]
                  KeySchema: [{ AttributeName: Z, KeyType: HASH }]
            """);

        Assert.Contains("found 2 (One, Two)", Assert.Throws<TemplateTableException>(() => TemplateTableReader.Read(path)).Message, StringComparison.Ordinal);
        Assert.Equal("Z", TemplateTableReader.Read(path, "Two").KeySchema.Single().AttributeName);
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }
    }

    private string WriteTemplate(string yaml)
    {
        var path = Path.Combine(Path.GetTempPath(), $"authorizer-template-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        _files.Add(path);
        return path;
    }
}
