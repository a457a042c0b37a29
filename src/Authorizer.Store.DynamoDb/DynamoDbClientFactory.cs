using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace Authorizer.Store.DynamoDb;

/// <summary>
/// The one place DynamoDB clients for the app table are built, in AWS or against a local endpoint. Every client
/// has the SDK's retries off, its stale-connection resends included (those do not count against
/// <c>MaxErrorRetry</c> and default to 10: a reset in the middle of an answer sent the request 11 times), since
/// <see cref="DynamoRetry"/> is the store's one retry policy (two stacked policies turned one throttled read into
/// about a dozen calls), and connect and request timeouts, so a store that accepts connections and never answers
/// fails a call instead of holding it.
/// </summary>
public static class DynamoDbClientFactory
{
    /// <summary>For tools and the local runner (table creation, seeding); the functions pass their setting.</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Credentials for a local endpoint (DynamoDB Local), which accepts any.</summary>
    public static AWSCredentials LocalCredentials => new BasicAWSCredentials("local", "local");

    /// <summary>
    /// With no endpoint, the regional service (region and credentials from the environment or role). With one, a
    /// client for it signing in <c>AWS_REGION</c> (else us-east-1), with the environment's AWS credentials if it
    /// has any and <see cref="LocalCredentials"/> otherwise.
    /// </summary>
    public static AmazonDynamoDBClient Create(Uri? endpoint, TimeSpan requestTimeout)
    {
        if (endpoint is null)
        {
            StartupTrace.Mark("sdk-client-begin");
            return Traced(new AmazonDynamoDBClient(Configure(new AmazonDynamoDBConfig(), requestTimeout)));
        }

        var region = Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1";
        var credentials = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID")) ? LocalCredentials : null;
        return Create(endpoint, region, credentials, requestTimeout);
    }

    /// <summary>As <see cref="Create(Uri?, TimeSpan)"/> with <see cref="DefaultRequestTimeout"/>.</summary>
    public static AmazonDynamoDBClient Create(Uri? endpoint) => Create(endpoint, DefaultRequestTimeout);

    /// <summary>A client for <paramref name="endpoint"/>; null <paramref name="credentials"/> means the SDK's credential chain.</summary>
    public static AmazonDynamoDBClient Create(Uri endpoint, string authenticationRegion, AWSCredentials? credentials, TimeSpan requestTimeout)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        StartupTrace.Mark("sdk-client-begin");
        var config = Configure(new AmazonDynamoDBConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = authenticationRegion }, requestTimeout);
        return Traced(credentials is null ? new AmazonDynamoDBClient(config) : new AmazonDynamoDBClient(credentials, config));
    }

    /// <summary>As <see cref="Create(Uri, string, AWSCredentials?, TimeSpan)"/> with <see cref="DefaultRequestTimeout"/>.</summary>
    public static AmazonDynamoDBClient Create(Uri endpoint, string authenticationRegion, AWSCredentials? credentials) =>
        Create(endpoint, authenticationRegion, credentials, DefaultRequestTimeout);

    /// <summary>With startup tracing on, marks the client's creation and its requests' start and end (the SDK's own events).</summary>
    private static AmazonDynamoDBClient Traced(AmazonDynamoDBClient client)
    {
        if (StartupTrace.Enabled)
        {
            StartupTrace.Mark("sdk-client-end");
            client.BeforeRequestEvent += (_, _) => StartupTrace.Mark("dynamodb-request-begin");
            client.AfterResponseEvent += (_, _) => StartupTrace.Mark("dynamodb-response-end");
        }

        return client;
    }

    /// <summary>The settings every client of the table gets; also for the KMS client the store's secrets use.</summary>
    public static T Configure<T>(T config, TimeSpan requestTimeout)
        where T : ClientConfig
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(requestTimeout, TimeSpan.Zero);
        config.MaxErrorRetry = 0;
        config.MaxStaleConnectionRetries = 0;
        config.Timeout = requestTimeout;
        config.ConnectTimeout = requestTimeout;
        return config;
    }
}
