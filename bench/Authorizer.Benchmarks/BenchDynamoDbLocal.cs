using Amazon.DynamoDBv2;
using Authorizer.TestSupport;

namespace Authorizer.Benchmarks;

/// <summary>
/// Amazon DynamoDB Local with one app table created from template.yaml, for benchmarks on the DynamoDB store. The
/// server is the tests' per-process one and stops when the benchmark process exits; <see cref="Dispose"/> releases
/// the client (call it from <c>[GlobalCleanup]</c>).
/// </summary>
internal sealed class BenchDynamoDbLocal : IDisposable
{
    private BenchDynamoDbLocal(Uri serviceUrl, AmazonDynamoDBClient client, string tableName)
    {
        ServiceUrl = serviceUrl;
        Client = client;
        TableName = tableName;
    }

    public Uri ServiceUrl { get; }

    public AmazonDynamoDBClient Client { get; }

    public string TableName { get; }

    public static async Task<BenchDynamoDbLocal> StartAsync()
    {
        var server = new DynamoDbLocalFixture();
        var url = await server.GetServiceUrlAsync();
        var client = await server.CreateClientAsync();
        try
        {
            var table = await server.CreateTableAsync(client, "bench");
            return new BenchDynamoDbLocal(url, client, table);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public void Dispose() => Client.Dispose();
}
