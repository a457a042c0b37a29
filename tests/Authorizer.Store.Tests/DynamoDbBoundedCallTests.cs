using System.Diagnostics;
using System.Net;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Authorizer.Store.DynamoDb;
using Authorizer.TestSupport;
using Authorizer.TestSupport.Network;

namespace Authorizer.Store.Tests;

/// <summary>Real SDK clients from <see cref="DynamoDbClientFactory"/> against endpoints that misbehave on purpose.</summary>
public sealed class DynamoDbBoundedCallTests
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(1500);

    // The SDK's first call in a process (set-up and JIT) can outlast the short request timeout on a loaded machine
    // before it even connects; every claim here is about a warm client, so each test first waits for one warm-up
    // call against a server of its own that answers at once.
    private static readonly Lazy<Task> WarmSdk = new(async () =>
    {
        using var server = new CannedHttpServer(
            (int)HttpStatusCode.BadRequest,
            "Bad Request",
            "application/x-amz-json-1.0",
            """{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"warm-up"}""");
        using var client = DynamoDbClientFactory.Create(server.Url, "us-east-1", DynamoDbClientFactory.LocalCredentials, TimeSpan.FromSeconds(10));
        await Record.ExceptionAsync(() => new DynamoDbAppStore(client, "table", TimeProvider.System).GetAppAsync("warm-up"));
    });

    [Fact]
    public async Task A_throttled_read_makes_the_store_policys_attempts_and_no_more_calls()
    {
        await WarmSdk.Value;
        using var server = new CannedHttpServer(
            (int)HttpStatusCode.BadRequest,
            "Bad Request",
            "application/x-amz-json-1.0",
            """{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"slow down"}""");
        using var client = DynamoDbClientFactory.Create(server.Url, "us-east-1", DynamoDbClientFactory.LocalCredentials, RequestTimeout);
        var store = new DynamoDbAppStore(client, "table", new FakeTimeProvider());

        await Assert.ThrowsAsync<ProvisionedThroughputExceededException>(() => store.GetAppByKeyAsync("key"));

        Assert.Equal(DynamoRetry.Default.MaxAttempts, server.Requests);
    }

    [Fact]
    public async Task A_used_nonce_is_one_conditional_put_and_never_retried()
    {
        await WarmSdk.Value;
        using var server = new CannedHttpServer(
            (int)HttpStatusCode.BadRequest,
            "Bad Request",
            "application/x-amz-json-1.0",
            """{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"}""");
        using var client = DynamoDbClientFactory.Create(server.Url, "us-east-1", DynamoDbClientFactory.LocalCredentials, RequestTimeout);
        var store = new DynamoDbAppStore(client, "table", new FakeTimeProvider());

        Assert.False(await store.TryRecordNonceAsync("key", "nonce", TestData.Start.AddMinutes(15)));

        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public void A_client_that_retries_by_itself_is_refused()
    {
        using var client = new AmazonDynamoDBClient(
            new BasicAWSCredentials("local", "local"),
            new AmazonDynamoDBConfig { ServiceURL = "http://127.0.0.1:1", AuthenticationRegion = "us-east-1", MaxErrorRetry = 3 });

        var error = Assert.Throws<ArgumentException>(() => new DynamoDbAppStore(client, "table", TimeProvider.System));

        Assert.Contains("DynamoDbClientFactory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_that_resends_on_a_reset_connection_by_itself_is_refused()
    {
        // The SDK's stale-connection retries (10 unless set) do not count against MaxErrorRetry.
        using var client = new AmazonDynamoDBClient(
            new BasicAWSCredentials("local", "local"),
            new AmazonDynamoDBConfig { ServiceURL = "http://127.0.0.1:1", AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

        var error = Assert.Throws<ArgumentException>(() => new DynamoDbAppStore(client, "table", TimeProvider.System));

        Assert.Contains("DynamoDbClientFactory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nonce_put_whose_answer_stalls_past_the_request_timeout_is_sent_once_and_fails_as_a_timeout()
    {
        await WarmSdk.Value;

        // The write reached the store (it may have been applied); its answer starts, stalls, and the connection is
        // reset long after the request timeout. Sent again, a conditional put would refuse its own fresh nonce.
        using var server = new StallingHttpServer(sendHead: true, resetAfter: 3 * RequestTimeout);
        using var client = DynamoDbClientFactory.Create(server.Url, "us-east-1", DynamoDbClientFactory.LocalCredentials, RequestTimeout);
        var store = new DynamoDbAppStore(client, "table", TimeProvider.System);
        var clock = Stopwatch.StartNew();

        var failure = await Record.ExceptionAsync(() => store.TryRecordNonceAsync("key", "nonce", DateTimeOffset.UtcNow.AddMinutes(15)).WaitAsync(TimeSpan.FromSeconds(30)));

        clock.Stop();
        Assert.Equal(1, server.Requests);
        Assert.IsType<TimeoutException>(failure);
        Assert.InRange(clock.Elapsed, RequestTimeout, 3 * RequestTimeout);
    }

    [Fact]
    public async Task A_management_write_whose_answer_stalls_past_the_request_timeout_is_sent_once_and_fails_as_a_timeout()
    {
        await WarmSdk.Value;
        using var server = new StallingHttpServer(sendHead: true, resetAfter: 3 * RequestTimeout);
        using var client = DynamoDbClientFactory.Create(server.Url, "us-east-1", DynamoDbClientFactory.LocalCredentials, RequestTimeout);
        var store = new DynamoDbAppStore(client, "table", TimeProvider.System);
        var app = TestData.App();

        var failure = await Record.ExceptionAsync(() => store.CreateAppAsync(app, [TestData.Code(app.AppId)]).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(1, server.Requests);
        Assert.IsType<TimeoutException>(failure);
    }

    [Fact]
    public async Task An_answer_that_stalls_without_a_reset_still_ends_at_the_request_timeout()
    {
        await WarmSdk.Value;
        using var server = new StallingHttpServer(sendHead: true);
        using var client = DynamoDbClientFactory.Create(server.Url, "us-east-1", DynamoDbClientFactory.LocalCredentials, RequestTimeout);
        var store = new DynamoDbAppStore(client, "table", TimeProvider.System);
        var clock = Stopwatch.StartNew();

        var failure = await Record.ExceptionAsync(() => store.GetAppAsync("app").WaitAsync(TimeSpan.FromSeconds(30)));

        clock.Stop();
        Assert.Equal(1, server.Requests);
        Assert.IsType<TimeoutException>(failure);
        Assert.InRange(clock.Elapsed, RequestTimeout, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_connection_reset_inside_the_request_timeout_is_retried_by_the_store_policy_alone()
    {
        await WarmSdk.Value;
        using var server = new StallingHttpServer(sendHead: true, resetAfter: TimeSpan.FromMilliseconds(50));
        using var client = DynamoDbClientFactory.Create(server.Url, "us-east-1", DynamoDbClientFactory.LocalCredentials, RequestTimeout);
        var store = new DynamoDbAppStore(client, "table", new FakeTimeProvider());

        var failure = await Record.ExceptionAsync(() => store.GetAppAsync("app").WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.NotNull(failure);
        Assert.Equal(DynamoRetry.Default.MaxAttempts, server.Requests);
    }

    [Fact]
    public async Task A_store_that_accepts_connections_and_never_answers_fails_the_call_inside_the_deadline()
    {
        await WarmSdk.Value;
        using var server = new SilentTcpServer();
        using var client = DynamoDbClientFactory.Create(server.Url, "us-east-1", DynamoDbClientFactory.LocalCredentials, RequestTimeout);
        var store = new DynamoDbAppStore(client, "table", TimeProvider.System);

        // A warm client: the first call (SDK set-up and JIT, which a loaded machine can stretch) is not the claim.
        Assert.NotNull(await Record.ExceptionAsync(() => store.GetAppAsync("warm-up")));
        using var deadline = new CancellationTokenSource(Deadline);
        var clock = Stopwatch.StartNew();

        var failure = await Record.ExceptionAsync(() => store.TryRecordNonceAsync("key", "nonce", DateTimeOffset.UtcNow.AddMinutes(15), deadline.Token));

        clock.Stop();
        Assert.NotNull(failure);
        Assert.True(server.Connections >= 1, "The call must have reached the hung server.");
        Assert.True(clock.Elapsed <= TimeSpan.FromSeconds(2), $"The call took {clock.Elapsed}.");
    }

    [Fact]
    public async Task Without_a_deadline_the_request_timeout_still_ends_the_call()
    {
        await WarmSdk.Value;
        using var server = new SilentTcpServer();
        using var client = DynamoDbClientFactory.Create(server.Url, "us-east-1", DynamoDbClientFactory.LocalCredentials, RequestTimeout);
        var store = new DynamoDbAppStore(client, "table", TimeProvider.System);
        var clock = Stopwatch.StartNew();

        var failure = await Record.ExceptionAsync(() => store.GetAppAsync("app"));

        clock.Stop();
        Assert.NotNull(failure);

        // A timed-out request is not retried (a write may have landed): one connection, ended by one request timeout.
        // The upper bound is the claimed fail-closed bound, not the timeout plus a guess at the machine's load.
        Assert.Equal(1, server.Connections);
        Assert.InRange(clock.Elapsed, RequestTimeout, TimeSpan.FromSeconds(2));
    }
}
