using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Authorizer.DynamoDbLocal;
using Authorizer.Store.DynamoDb;

namespace Authorizer.Local.Commands;

/// <summary>
/// Brings a DynamoDB store up for a local run: the table created from template.yaml, then one call of each kind the
/// store makes (index query, transaction) so an endpoint that cannot serve the store fails here, at start-up, with
/// a sentence naming the endpoint and the operation, instead of later as a stack trace or a 500.
/// </summary>
internal static class DynamoDbStoreStartup
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);

    public static async Task PrepareAsync(IAmazonDynamoDB client, string templatePath, string tableName, string where, CancellationToken cancellationToken)
    {
        TableDefinition table;
        try
        {
            table = TemplateTableReader.Read(templatePath);
        }
        catch (TemplateTableException ex)
        {
            throw new StoreStartupException(ex.Message, ex);
        }

        await StepAsync(
            where,
            $"creating table {tableName} from {templatePath} (CreateTable, DescribeTable, DescribeTimeToLive, UpdateTimeToLive)",
            () => DynamoDbAppStore.CreateTableAsync(client, table, tableName, cancellationToken)).ConfigureAwait(false);

        var store = new DynamoDbAppStore(client, tableName, TimeProvider.System);
        await StepAsync(where, "listing apps through index " + DynamoDbAppStore.Schema.IndexName + " (Query)", () => store.ListAppsAsync(1, null, cancellationToken))
            .ConfigureAwait(false);

        // A condition check on a key no item uses: proves TransactWriteItems works and writes nothing.
        var probe = new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new TransactWriteItem
                {
                    ConditionCheck = new ConditionCheck
                    {
                        TableName = tableName,
                        Key = new Dictionary<string, AttributeValue>
                        {
                            [DynamoDbAppStore.Schema.PartitionKey] = new() { S = "PROBE#start-api" },
                            [DynamoDbAppStore.Schema.SortKey] = new() { S = "PROBE" },
                        },
                        ConditionExpression = "attribute_not_exists(#pk)",
                        ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = DynamoDbAppStore.Schema.PartitionKey },
                    },
                },
            ],
        };
        await StepAsync(where, "writing in a transaction (TransactWriteItems)", () => client.TransactWriteItemsAsync(probe, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// A plain TCP connect first: the SDK retries a refused connection with backoff for a long time, while a person
    /// who typed a wrong port wants to hear so at once.
    /// </summary>
    public static async Task EnsureReachableAsync(Uri endpoint, string where, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        using var tcp = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await tcp.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new StoreStartupException($"cannot reach {where} ({ex.Message}). Is the server running, and is the URL right?", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StoreStartupException(
                $"cannot reach {where} (no answer to a connection within {ConnectTimeout.TotalSeconds} s). Is the server running, and is the URL right?", ex);
        }
    }

    /// <summary>Runs one start-up step and turns what can go wrong with an endpoint into a <see cref="StoreStartupException"/>.</summary>
    public static async Task StepAsync(string where, string step, Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (AmazonServiceException ex) when (ex.ErrorCode is "UnknownOperationException" or "InvalidAction" or "NotImplemented")
        {
            throw new StoreStartupException(
                $"{where} does not implement an operation the store needs ({ex.ErrorCode} while {step}). "
                + "Use a complete DynamoDB implementation, e.g. --store dynamodb:local (Amazon DynamoDB Local).",
                ex);
        }
        catch (AmazonServiceException ex) when (ex.InnerException is not null && FindConnectionError(ex) is { } network)
        {
            throw Unreachable(where, step, network, ex);
        }
        catch (AmazonServiceException ex)
        {
            var code = string.IsNullOrEmpty(ex.ErrorCode) ? $"HTTP {(int)ex.StatusCode}" : ex.ErrorCode;
            throw new StoreStartupException($"{where} refused {step}: {code}: {ex.Message}", ex);
        }
        catch (Exception ex) when (FindConnectionError(ex) is { } network)
        {
            throw Unreachable(where, step, network, ex);
        }
        catch (AmazonClientException ex)
        {
            throw new StoreStartupException($"{where}: {ex.Message} (while {step}). Check AWS_REGION / AWS_PROFILE and the credential chain.", ex);
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("The table definition does not fit the store", StringComparison.Ordinal))
        {
            throw new StoreStartupException(ex.Message, ex);
        }
    }

    private static StoreStartupException Unreachable(string where, string step, Exception network, Exception ex) =>
        new($"cannot reach {where} ({network.Message}) while {step}. Is the server running, and is the URL right?", ex);

    private static Exception? FindConnectionError(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is HttpRequestException or SocketException or TimeoutException)
            {
                return ex;
            }
        }

        return null;
    }
}
