using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace Authorizer.Store.DynamoDb;

/// <summary>The one place DynamoDB clients for the app table are built, in AWS or against a local endpoint.</summary>
public static class DynamoDbClientFactory
{
    /// <summary>Credentials for a local endpoint (dynalite, DynamoDB Local), which accepts any.</summary>
    public static AWSCredentials LocalCredentials => new BasicAWSCredentials("local", "local");

    /// <summary>
    /// With no endpoint, the SDK's defaults (region, credentials from the environment or role). With one, a client
    /// for it signing in <c>AWS_REGION</c> (else us-east-1), with the environment's AWS credentials if it has any
    /// and <see cref="LocalCredentials"/> otherwise.
    /// </summary>
    public static AmazonDynamoDBClient Create(Uri? endpoint)
    {
        if (endpoint is null)
        {
            return new AmazonDynamoDBClient();
        }

        var region = Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1";
        var credentials = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID")) ? LocalCredentials : null;
        return Create(endpoint, region, credentials);
    }

    /// <summary>A client for <paramref name="endpoint"/>; null <paramref name="credentials"/> means the SDK's credential chain.</summary>
    public static AmazonDynamoDBClient Create(Uri endpoint, string authenticationRegion, AWSCredentials? credentials)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var config = new AmazonDynamoDBConfig
        {
            ServiceURL = endpoint.ToString(),
            AuthenticationRegion = authenticationRegion,
        };
        return credentials is null ? new AmazonDynamoDBClient(config) : new AmazonDynamoDBClient(credentials, config);
    }
}
