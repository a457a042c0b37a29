using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace Authorizer.Store.DynamoDb;

/// <summary>
/// The store's one retry policy (clients come from <see cref="DynamoDbClientFactory"/> with the SDK's retries off,
/// stale-connection resends included, and the store refuses a client that retries by itself): at most
/// <see cref="MaxAttempts"/> calls per operation, full-jitter exponential backoff, for throttling, 5xx, network
/// errors and transaction conflicts only. A nonce is one conditional PutItem, so "already used" is never retried.
/// Each attempt is bounded by the request timeout as a whole (the SDK's own timeout ends at the response headers,
/// not the body), and an attempt that timed out is never retried, however the timeout surfaced: the write may
/// have been applied, and a conditional write sent again would fail its own condition (a fresh nonce refused as
/// used, a new app as existing). The caller's token bounds the whole thing (the decision's deadline); when
/// attempts or time run out the last exception propagates and the authorizer fails closed.
/// </summary>
internal sealed class DynamoRetry
{
    public static readonly DynamoRetry Default = new(maxAttempts: 4, baseDelay: TimeSpan.FromMilliseconds(20), maxDelay: TimeSpan.FromMilliseconds(500), delay: null);

    private readonly int _maxAttempts;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;
    private readonly TimeSpan? _attemptTimeout;

    public DynamoRetry(int maxAttempts, TimeSpan baseDelay, TimeSpan maxDelay, Func<TimeSpan, CancellationToken, Task>? delay, TimeSpan? attemptTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        if (attemptTimeout is { } timeout)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero, nameof(attemptTimeout));
        }

        _maxAttempts = maxAttempts;
        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
        _delay = delay ?? Task.Delay;
        _attemptTimeout = attemptTimeout;
    }

    public int MaxAttempts => _maxAttempts;

    /// <summary>The same policy with every attempt bounded by <paramref name="attemptTimeout"/> (null: the caller's token only).</summary>
    public DynamoRetry WithAttemptTimeout(TimeSpan? attemptTimeout) =>
        attemptTimeout == _attemptTimeout ? this : new DynamoRetry(_maxAttempts, _baseDelay, _maxDelay, _delay, attemptTimeout);

    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await AttemptAsync(call, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (attempt < _maxAttempts && IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                var ceiling = Math.Min(_maxDelay.TotalMilliseconds, _baseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
                var wait = TimeSpan.FromMilliseconds(RandomNumberGenerator.GetInt32(0, Math.Max(1, (int)ceiling) + 1));
                await _delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A request timeout or a network failure that is not our own cancellation: a timeout in any of its shapes
    /// (<see cref="TimeoutException"/>, a cancellation, a socket read aborted by one) is not transient.
    /// </summary>
    public static bool IsTransient(Exception ex) => ex switch
    {
        ProvisionedThroughputExceededException or RequestLimitExceededException or InternalServerErrorException => true,
        TransactionCanceledException tce => tce.CancellationReasons is { Count: > 0 } reasons
            && reasons.Any(r => r.Code is "TransactionConflict" or "ThrottlingError" or "ProvisionedThroughputExceeded")
            && !reasons.Any(r => r.Code == "ConditionalCheckFailed"),
        TransactionInProgressException => true,

        // A 200 whose body broke off: the SDK reads the body after the headers, so a reset there surfaces here.
        AmazonUnmarshallingException { StatusCode: HttpStatusCode.OK } broken => IsNetworkFailure(broken.InnerException),
        AmazonServiceException ase => ase.ErrorCode is "ThrottlingException" or "Throttling" or "TooManyRequestsException"
            || (int)ase.StatusCode >= 500,
        HttpRequestException or IOException => IsNetworkFailure(ex),
        _ => false,
    };

    private async Task<T> AttemptAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        if (_attemptTimeout is not { } timeout)
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        Task<T>? pending = null;
        try
        {
            // The SDK reads an answer's body synchronously and, cancelled, disposes it, which drains the rest for up
            // to the handler's drain timeout (2 s) before the read ends; the caller does not wait for that.
            pending = call(attempt.Token);
            return await pending.WaitAsync(attempt.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (attempt.IsCancellationRequested && ex is not TimeoutException)
        {
            if (pending is { IsCompleted: false })
            {
                Observe(pending);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            // Our bound ended the attempt (as a cancellation, an aborted read or a wrapped one): say so, once.
            throw new TimeoutException(
                FormattableString.Invariant($"The DynamoDB request did not complete within {timeout.TotalMilliseconds:0} ms; it is not retried, since it may have been applied."),
                ex);
        }
    }

    /// <summary>An abandoned attempt still ends (failed) in the background; its exception is observed, not raised.</summary>
    private static void Observe(Task? abandoned) =>
        abandoned?.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private static bool IsNetworkFailure(Exception? ex)
    {
        var network = false;
        for (var e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case OperationCanceledException or TimeoutException:
                case SocketException { SocketErrorCode: SocketError.OperationAborted }:
                    return false;
                case IOException or HttpRequestException or SocketException:
                    network = true;
                    break;
            }
        }

        return network;
    }
}
