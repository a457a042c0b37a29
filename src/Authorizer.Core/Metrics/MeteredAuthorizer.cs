using Authorizer.Core.Decisions;
using Authorizer.Core.Requests;

namespace Authorizer.Core.Metrics;

/// <summary>Counts every decision by outcome and reason code, and internal failures, then asks for a flush.</summary>
public sealed class MeteredAuthorizer : IAuthorizer
{
    private readonly IAuthorizer _inner;
    private readonly AuthorizerMetrics _metrics;
    private readonly MetricsPublisher? _publisher;

    public MeteredAuthorizer(IAuthorizer inner, AuthorizerMetrics metrics, MetricsPublisher? publisher)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(metrics);
        _inner = inner;
        _metrics = metrics;
        _publisher = publisher;
    }

    public ValueTask<AuthDecision> AuthorizeAsync(AuthRequest request, CancellationToken cancellationToken = default)
    {
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
            Decided(decision);
            return new ValueTask<AuthDecision>(decision);
        }

        return AwaitAsync(pending);
    }

    private async ValueTask<AuthDecision> AwaitAsync(ValueTask<AuthDecision> pending)
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

        Decided(decision);
        return decision;
    }

    private void Decided(AuthDecision decision)
    {
        _metrics.RecordDecision(decision);
        _publisher?.RequestFlush();
    }

    private void Failed()
    {
        _metrics.RecordError();
        _publisher?.RequestFlush();
    }
}
