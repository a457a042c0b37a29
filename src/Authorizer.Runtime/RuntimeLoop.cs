using Authorizer.Store.DynamoDb;

namespace Authorizer.Runtime;

/// <summary>
/// The custom-runtime loop: next event → handler (cancelled at the invocation's deadline) → response or error,
/// then the after-invocation work (metrics flush) while no caller is waiting. With a concurrency above one
/// (Lambda Managed Instances) that many such loops run side by side, each with its own outstanding poll, all
/// sharing the one handler (whose composition is safe under concurrent calls).
/// </summary>
internal sealed class RuntimeLoop(
    RuntimeApiClient api,
    Func<Stream, CancellationToken, Task<Stream>> handler,
    Func<CancellationToken, Task>? afterInvocation,
    TimeProvider time,
    int concurrency = 1)
{
    /// <summary>Left for posting the timeout error before Lambda stops the sandbox.</summary>
    private static readonly TimeSpan DeadlineMargin = TimeSpan.FromMilliseconds(50);

    public async Task RunAsync(CancellationToken stop)
    {
        if (concurrency <= 1)
        {
            await PollAsync(stop).ConfigureAwait(false);
            return;
        }

        var pollers = new Task[concurrency];
        for (var i = 0; i < pollers.Length; i++)
        {
            pollers[i] = Task.Run(() => PollAsync(stop), CancellationToken.None);
        }

        // A poller that fails (the Runtime API went away) ends the process as the single loop would, rather than
        // leaving it running with fewer pollers than Lambda expects.
        await (await Task.WhenAny(pollers).ConfigureAwait(false)).ConfigureAwait(false);
        await Task.WhenAll(pollers).ConfigureAwait(false);
    }

    private async Task PollAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            StartupTrace.Mark("next-begin");
            var invocation = await api.NextAsync(stop).ConfigureAwait(false);
            StartupTrace.Mark("event-received");
            await InvokeAsync(invocation, stop).ConfigureAwait(false);
            if (StartupTrace.Enabled)
            {
                // The first invocation's marks, written once the caller has its answer (see StartupTrace).
                StartupTrace.Mark("response-posted");
                StartupTrace.Flush(Console.Error);
            }

            if (afterInvocation is not null)
            {
                await afterInvocation(stop).ConfigureAwait(false);
            }
        }
    }

    internal async Task InvokeAsync(Invocation invocation, CancellationToken stop)
    {
        // The trace id variable is process-wide: with concurrent invocations it would name another one's trace, so it
        // is set only when one invocation runs at a time (Managed Instances pass it per invocation, in the header).
        if (concurrency <= 1)
        {
            Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", invocation.TraceId);
        }

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
            StartupTrace.Mark("handler-returned");
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
