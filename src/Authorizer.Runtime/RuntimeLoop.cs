namespace Authorizer.Runtime;

/// <summary>
/// The custom-runtime loop: next event → handler (cancelled at the invocation's deadline) → response or error,
/// then the after-invocation work (metrics flush) while no caller is waiting.
/// </summary>
internal sealed class RuntimeLoop(
    RuntimeApiClient api,
    Func<Stream, CancellationToken, Task<Stream>> handler,
    Func<CancellationToken, Task>? afterInvocation,
    TimeProvider time)
{
    /// <summary>Left for posting the timeout error before Lambda stops the sandbox.</summary>
    private static readonly TimeSpan DeadlineMargin = TimeSpan.FromMilliseconds(50);

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var invocation = await api.NextAsync(stop).ConfigureAwait(false);
            await InvokeAsync(invocation, stop).ConfigureAwait(false);
            if (afterInvocation is not null)
            {
                await afterInvocation(stop).ConfigureAwait(false);
            }
        }
    }

    internal async Task InvokeAsync(Invocation invocation, CancellationToken stop)
    {
        Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", invocation.TraceId);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var remaining = invocation.Deadline - time.GetUtcNow() - DeadlineMargin;
        if (invocation.Deadline != DateTimeOffset.MaxValue)
        {
            deadline.CancelAfter(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
        }

        Stream response;
        try
        {
            using var input = new MemoryStream(invocation.Event, writable: false);
            // WaitAsync bounds a handler that ignores the token: the caller gets an error, not a hang.
            response = await handler(input, deadline.Token).WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !stop.IsCancellationRequested)
        {
            await api.PostErrorAsync(invocation.RequestId, "TimeoutException", "Task timed out before the invocation deadline.", stop).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            // The same shape the managed runtime reports: the exception's type name and message.
            await api.PostErrorAsync(invocation.RequestId, ex.GetType().Name, ex.Message, stop).ConfigureAwait(false);
            return;
        }

        await using (response.ConfigureAwait(false))
        {
            await api.PostResponseAsync(invocation.RequestId, response, stop).ConfigureAwait(false);
        }
    }
}
