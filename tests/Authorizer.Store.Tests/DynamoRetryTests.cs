using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Authorizer.Store.DynamoDb;
using Authorizer.TestSupport;

namespace Authorizer.Store.Tests;

public sealed class DynamoRetryTests
{
    private readonly List<TimeSpan> _waits = [];

    [Fact]
    public async Task Throttling_and_server_errors_are_retried_then_the_read_succeeds()
    {
        var (client, fake) = FlakyDynamo.Create(
            new ProvisionedThroughputExceededException("slow down"),
            ServerError(),
            new AmazonDynamoDBException("throttled", ErrorType.Sender, "ThrottlingException", "r", HttpStatusCode.BadRequest));
        var store = Store(client, maxAttempts: 4);

        Assert.False(await store.IsTokenRevokedAsync("jti"));

        Assert.Equal(4, fake.Calls);
        Assert.Equal(3, _waits.Count);
        Assert.All(_waits, w => Assert.InRange(w, TimeSpan.Zero, TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task Retries_are_bounded_and_the_last_error_propagates()
    {
        var (client, fake) = FlakyDynamo.Create();
        fake.AlwaysFailWith(ServerError, 10);
        var store = Store(client, maxAttempts: 3);

        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => store.IsTokenRevokedAsync("jti"));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(3, fake.Calls);
    }

    [Fact]
    public async Task Client_errors_are_not_retried()
    {
        var (client, fake) = FlakyDynamo.Create(
            new AmazonDynamoDBException("bad request", ErrorType.Sender, "ValidationException", "r", HttpStatusCode.BadRequest));
        var store = Store(client, maxAttempts: 4);

        await Assert.ThrowsAsync<AmazonDynamoDBException>(() => store.GetAppAsync("app"));

        Assert.Equal(1, fake.Calls);
    }

    [Fact]
    public async Task The_callers_token_bounds_the_retries()
    {
        using var budget = new CancellationTokenSource();
        var (client, fake) = FlakyDynamo.Create();
        fake.AlwaysFailWith(ServerError, 10);

        // The budget runs out while the store waits to retry.
        var retry = new DynamoRetry(10, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100), (_, ct) =>
        {
            budget.Cancel();
            return Task.Delay(Timeout.InfiniteTimeSpan, ct);
        });
        var store = new DynamoDbAppStore(client, "table", new FakeTimeProvider(), retry);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.IsTokenRevokedAsync("jti", budget.Token));

        Assert.Equal(1, fake.Calls);
    }

    [Fact]
    public async Task A_spent_budget_stops_retrying_and_surfaces_the_failure()
    {
        using var budget = new CancellationTokenSource();
        var (client, fake) = FlakyDynamo.Create();
        fake.AlwaysFailWith(ServerError, 10);
        fake.OnFailure = budget.Cancel;
        var store = Store(client, maxAttempts: 10);

        await Assert.ThrowsAsync<AmazonDynamoDBException>(() => store.IsTokenRevokedAsync("jti", budget.Token));

        Assert.Equal(1, fake.Calls);
        Assert.Empty(_waits);
    }

    [Fact]
    public void Transaction_conflicts_are_transient_but_failed_conditions_are_not()
    {
        Assert.True(DynamoRetry.IsTransient(new TransactionCanceledException("x") { CancellationReasons = [new CancellationReason { Code = "TransactionConflict" }] }));
        Assert.False(DynamoRetry.IsTransient(new TransactionCanceledException("x") { CancellationReasons = [new CancellationReason { Code = "ConditionalCheckFailed" }, new CancellationReason { Code = "TransactionConflict" }] }));
        Assert.False(DynamoRetry.IsTransient(new ConditionalCheckFailedException("x")));
    }

    [Fact]
    public void A_socket_read_ended_by_our_cancellation_is_a_timeout_not_a_network_error()
    {
        var cancelledRead = new IOException("Unable to read data from the transport connection: Operation canceled.", new SocketException((int)SocketError.OperationAborted));

        Assert.False(DynamoRetry.IsTransient(cancelledRead));
        Assert.False(DynamoRetry.IsTransient(new HttpRequestException("send failed", new TaskCanceledException("timed out", cancelledRead))));
        Assert.False(DynamoRetry.IsTransient(new IOException("wrapped", new TimeoutException("timed out"))));
        Assert.False(DynamoRetry.IsTransient(new TimeoutException("timed out", cancelledRead)));
    }

    [Fact]
    public void Network_errors_not_caused_by_a_cancellation_are_transient()
    {
        Assert.True(DynamoRetry.IsTransient(new IOException("reset", new SocketException((int)SocketError.ConnectionReset))));
        Assert.True(DynamoRetry.IsTransient(new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(DynamoRetry.IsTransient(new AmazonUnmarshallingException("r", null, new IOException("reset", new SocketException((int)SocketError.ConnectionReset)), HttpStatusCode.OK)));
        Assert.False(DynamoRetry.IsTransient(new AmazonUnmarshallingException("r", null, new FormatException("not JSON"), HttpStatusCode.OK)));
    }

    private DynamoDbAppStore Store(IAmazonDynamoDB client, int maxAttempts) =>
        new(client, "table", new FakeTimeProvider(), new DynamoRetry(maxAttempts, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(500), (wait, _) =>
        {
            _waits.Add(wait);
            return Task.CompletedTask;
        }));

    private static AmazonDynamoDBException ServerError() =>
        new("internal failure", ErrorType.Receiver, "InternalFailure", "r", HttpStatusCode.InternalServerError);
}
