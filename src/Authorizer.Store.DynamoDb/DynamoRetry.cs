using System.Security.Cryptography;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace Authorizer.Store.DynamoDb;

/// <summary>
/// The store's one retry policy (clients come from <see cref="DynamoDbClientFactory"/> with the SDK's retries off,
/// and the store refuses a client that retries by itself): at most <see cref="MaxAttempts"/> calls per operation,
/// full-jitter exponential backoff, for throttling, 5xx, network errors and transaction conflicts only. A nonce
/// is one conditional PutItem, so "already used" is never retried. The caller's token bounds the whole thing (the
/// decision's deadline); when attempts or time run out the last exception propagates and the authorizer fails closed.
/// </summary>
internal sealed class DynamoRetry
{
    public static readonly DynamoRetry Default = new(maxAttempts: 4, baseDelay: TimeSpan.FromMilliseconds(20), maxDelay: TimeSpan.FromMilliseconds(500), delay: null);

    private readonly int _maxAttempts;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;

    public DynamoRetry(int maxAttempts, TimeSpan baseDelay, TimeSpan maxDelay, Func<TimeSpan, CancellationToken, Task>? delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        _maxAttempts = maxAttempts;
        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
        _delay = delay ?? Task.Delay;
    }

    public int MaxAttempts => _maxAttempts;

    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (attempt < _maxAttempts && IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                var ceiling = Math.Min(_maxDelay.TotalMilliseconds, _baseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
                var wait = TimeSpan.FromMilliseconds(RandomNumberGenerator.GetInt32(0, Math.Max(1, (int)ceiling) + 1));
                await _delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public static bool IsTransient(Exception ex) => ex switch
    {
        ProvisionedThroughputExceededException or RequestLimitExceededException or InternalServerErrorException => true,
        TransactionCanceledException tce => tce.CancellationReasons is { Count: > 0 } reasons
            && reasons.Any(r => r.Code is "TransactionConflict" or "ThrottlingError" or "ProvisionedThroughputExceeded")
            && !reasons.Any(r => r.Code == "ConditionalCheckFailed"),
        TransactionInProgressException => true,
        AmazonServiceException ase => ase.ErrorCode is "ThrottlingException" or "Throttling" or "TooManyRequestsException"
            || (int)ase.StatusCode >= 500,
        HttpRequestException or IOException => true,

        // A request timeout is not retried: the write may have been applied, and a conditional write retried
        // would then fail its own condition (a fresh nonce refused as used, a new app as existing).
        _ => false,
    };
}
