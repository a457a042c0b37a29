using System.Security.Cryptography;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Authorizer.DynamoDbLocal;
using Authorizer.Store.DynamoDb;

namespace Authorizer.TestSupport;

/// <summary>
/// Amazon DynamoDB Local for tests: one in-memory server per test process, started on first use on a free loopback
/// port and stopped when the process exits (see <see cref="DynamoDbLocalServer"/>). Every table is created from
/// template.yaml's <c>AWS::DynamoDB::Table</c>, so tests run on the table a deployment gets. Use it as an xunit
/// collection fixture and give every test its own table with <see cref="CreateTableAsync"/>.
/// </summary>
public sealed class DynamoDbLocalFixture
{
    private static readonly SemaphoreSlim StartGate = new(1, 1);
    private static DynamoDbLocalServer? _server;
    private static int _tables;

    /// <summary>The app table as template.yaml declares it.</summary>
    public static TableDefinition TemplateTable { get; } = TemplateTableReader.Read(TestFiles.TemplatePath);

    /// <summary>Starts the server when it is not running yet and answers its endpoint.</summary>
    public async Task<Uri> GetServiceUrlAsync()
    {
        await StartGate.WaitAsync();
        try
        {
            if (_server is null)
            {
                _server = await DynamoDbLocalServer.StartAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => _server.Dispose();
            }

            return _server.ServiceUrl;
        }
        finally
        {
            StartGate.Release();
        }
    }

    /// <summary>A client for this server with placeholder credentials (DynamoDB Local accepts any letters and digits), built as the store's clients are (no SDK retries).</summary>
    public async Task<AmazonDynamoDBClient> CreateClientAsync()
    {
        var url = await GetServiceUrlAsync();
        return DynamoDbClientFactory.Create(url, "us-east-1", new BasicAWSCredentials("testaccesskey", "testsecretkey"), TimeSpan.FromSeconds(30));
    }

    /// <summary>A table name no other test in this process has used.</summary>
    public string NewTableName(string prefix = "t") =>
        $"{prefix}-{Environment.ProcessId}-{Interlocked.Increment(ref _tables)}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(3))}";

    /// <summary>Creates a fresh table from the template's definition and answers its name.</summary>
    public async Task<string> CreateTableAsync(IAmazonDynamoDB client, string prefix = "t")
    {
        ArgumentNullException.ThrowIfNull(client);
        var name = NewTableName(prefix);
        await DynamoDbAppStore.CreateTableAsync(client, TemplateTable, name, CancellationToken.None);
        return name;
    }
}
