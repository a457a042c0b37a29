using Authorizer.Core.Decisions;
using Authorizer.Core.Requests;

namespace Authorizer.Core.Metrics;

/// <summary>
/// Counts every decision by outcome and reason code with its latency, and internal failures, then lets the
/// publisher flush when one is due.
/// </summary>
public sealed class MeteredAuthorizer : IAuthorizer
{
    private readonly IAuthorizer _inner;
    private readonly AuthorizerMetrics _metrics;
    private readonly MetricsPublisher? _publisher;
    private readonly TimeProvider _time;

    public MeteredAuthorizer(IAuthorizer inner, AuthorizerMetrics metrics, MetricsPublisher? publisher, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(metrics);
        _inner = inner;
        _metrics = metrics;
        _publisher = publisher;
        _time = time ?? TimeProvider.System;
    }

    public ValueTask<AuthDecision> AuthorizeAsync(AuthRequest request, CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        ValueTask<AuthDecision> pending;
        try
        {
            pending = _inner.AuthorizeAsync(request, cancellationToken);
        }
        catch
        {
            Failed();
            throw;
        }

        // Warm-cache decisions complete synchronously: record them without an async state machine.
        if (pending.IsCompletedSuccessfully)
        {
            var decision = pending.Result;
            Decided(decision, started);
            return new ValueTask<AuthDecision>(decision);
        }

        return AwaitAsync(pending, started);
    }

    private async ValueTask<AuthDecision> AwaitAsync(ValueTask<AuthDecision> pending, long started)
    {
        AuthDecision decision;
        try
        {
            decision = await pending.ConfigureAwait(false);
        }
        catch
        {
            Failed();
            throw;
        }

        Decided(decision, started);
        return decision;
    }

    private void Decided(AuthDecision decision, long started)
    {
        var ended = _time.GetTimestamp();
        _metrics.RecordDecision(decision, _time.GetElapsedTime(started, ended));
        if (_publisher is null)
        {
            return;
        }

        // On one clock (the composition's), one reading serves the latency and the flush-interval check.
        if (ReferenceEquals(_publisher.Time, _time))
        {
            _publisher.OnInvocation(ended);
        }
        else
        {
            _publisher.OnInvocation();
        }
    }

    private void Failed()
    {
        _metrics.RecordError();
        _publisher?.OnInvocation();
    }
}
