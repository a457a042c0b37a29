using Amazon.DynamoDBv2;
using Authorizer.Store.DynamoDb;
using Authorizer.TestSupport;

namespace Authorizer.Benchmarks;

/// <summary>
/// A dynalite server with one app table, for benchmarks on the DynamoDB store. Disposing it kills the node
/// process: call it from <c>[GlobalCleanup]</c>, or the process lives until the benchmark process exits.
/// </summary>
internal sealed class BenchDynalite : IDisposable
{
    private readonly DynaliteServer _server;

    private BenchDynalite(DynaliteServer server, Uri serviceUrl, AmazonDynamoDBClient client, string tableName)
    {
        _server = server;
        ServiceUrl = serviceUrl;
        Client = client;
        TableName = tableName;
    }

    public Uri ServiceUrl { get; }

    public AmazonDynamoDBClient Client { get; }

    public string TableName { get; }

    public static async Task<BenchDynalite> StartAsync()
    {
        var server = new DynaliteServer();
        AmazonDynamoDBClient? client = null;
        try
        {
            var url = await server.GetServiceUrlAsync();
            client = await server.CreateClientAsync();
            var table = server.NewTableName("bench");
            await DynamoDbAppStore.CreateTableAsync(client, table, CancellationToken.None);
            return new BenchDynalite(server, url, client, table);
        }
        catch
        {
            client?.Dispose();
            server.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        _server.Dispose();
    }
}
