using Authorizer.Core.Decisions;
using Authorizer.Core.Requests;
using Authorizer.Functions.Events;
using Authorizer.Functions.Events.Parsing;
using Authorizer.Functions.Hosting;
using Authorizer.Functions.Logging;
using Authorizer.Functions.Responses;
using Authorizer.Functions.Settings;

namespace Authorizer.Functions;

/// <summary>
/// The Lambda authorizer: <c>Authorizer.Functions::Authorizer.Functions.AuthorizerFunction::Handler</c>.
/// Accepts REST REQUEST, REST TOKEN and HTTP API 2.0 REQUEST events. REST: 401 by failing with exactly
/// <c>Unauthorized</c>, 403 by a Deny policy, Allow policy otherwise. HTTP API: simple response or IAM policy
/// per <see cref="AuthorizerSettings.HttpApiResponse"/>. Internal failures fail the invocation with a generic
/// message; nothing but a verified decision ever produces Allow.
/// </summary>
public sealed class AuthorizerFunction
{
    private readonly bool _usesSharedComposition;
    private readonly bool _servesResultCache;
    private Task<Pipeline> _pipeline;

    /// <summary>
    /// The Lambda entry: the container's shared composition, built from the environment once. A bad setting
    /// fails here, at cold start, with a message naming the variable.
    /// </summary>
    public AuthorizerFunction()
        : this(servesResultCache: false)
    {
    }

    /// <summary>
    /// On the container's shared composition; <paramref name="servesResultCache"/> picks the engine for an
    /// authorizer behind API Gateway's result cache (<see cref="CachedAuthorizerFunction"/>).
    /// </summary>
    internal AuthorizerFunction(bool servesResultCache)
    {
        _servesResultCache = servesResultCache;
        var services = SharedComposition.GetServicesAsync();
        if (services.IsFaulted)
        {
            // Already completed: this rethrows the cold-start failure without blocking.
            services.GetAwaiter().GetResult();
        }

        _pipeline = ToPipeline(services, servesResultCache);
        _usesSharedComposition = true;
    }

    /// <summary>Runs on a prebuilt composition (the local runner, end-to-end tests).</summary>
    public AuthorizerFunction(AuthorizerServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _pipeline = Task.FromResult(Pipeline.From(services));
    }

    internal AuthorizerFunction(IAuthorizer authorizer, HttpApiResponseFormat httpApiResponse, DecisionLog log, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(authorizer);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(time);
        _pipeline = Task.FromResult(new Pipeline(authorizer, httpApiResponse, log, time, new AuthorizerSettings().DecisionDeadline));
    }

    public Task<Stream> Handler(Stream input)
    {
        var pipeline = _pipeline;
        return pipeline.IsCompletedSuccessfully ? pipeline.Result.HandleAsync(input) : HandleAfterCompositionAsync(input);
    }

    private async Task<Stream> HandleAfterCompositionAsync(Stream input)
    {
        Pipeline pipeline;
        try
        {
            pipeline = await _pipeline.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed composition (store, KMS) fails the invocation generically.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            DecisionLog.ToStandardOutput(AuthorizerLogLevel.Error, TimeProvider.System).Write(new DecisionLogEntry
            {
                Level = AuthorizerLogLevel.Error,
                Message = "authorizer initialization failed",
                Outcome = "error",
                ErrorType = ex.GetType().Name,
            });
            if (_usesSharedComposition)
            {
                // A transient failure (KMS unreachable) must not poison the container: retry on the next invocation.
                _pipeline = ToPipeline(SharedComposition.GetServicesAsync(), _servesResultCache);
            }

            throw new AuthorizerFailureException();
        }

        return await pipeline.HandleAsync(input).ConfigureAwait(false);
    }

    private static async Task<Pipeline> ToPipeline(Task<AuthorizerServices> services, bool servesResultCache)
    {
        return Pipeline.From(await services.ConfigureAwait(false), servesResultCache);
    }

    private sealed record Pipeline(IAuthorizer Authorizer, HttpApiResponseFormat HttpApiResponse, DecisionLog Log, TimeProvider Time, TimeSpan DecisionDeadline)
    {
        public static Pipeline From(AuthorizerServices services, bool servesResultCache = false) =>
            new(servesResultCache ? services.ResultCacheAuthorizer : services.Authorizer, services.Settings.HttpApiResponse, services.Log, services.Time, services.Settings.DecisionDeadline);

        public async Task<Stream> HandleAsync(Stream input)
        {
            var started = Time.GetTimestamp();
            var payload = default(PooledPayload);
            try
            {
                ParsedEvent context;
                try
                {
                    payload = await EventReader.ReadPooledPayloadAsync(input, FunctionsJsonContext.MaxEventBytes).ConfigureAwait(false);
                    context = AuthorizerEventParser.Parse(payload.Span);
                }
                catch (InvalidEventException ex)
                {
                    var raw = payload.Span.IsEmpty ? ex.ReadPrefix.Span : payload.Span;
                    if (ArnRecovery.TryRecover(raw, out var recoveredKind, out var target))
                    {
                        return RespondBadRequest(recoveredKind, target, started);
                    }

                    Log.Write(new DecisionLogEntry
                    {
                        Level = AuthorizerLogLevel.Warning,
                        Message = "invalid authorizer event",
                        Outcome = "invalid_event",
                        ErrorType = nameof(InvalidEventException),
                        LatencyMicroseconds = Elapsed(started),
                    });
                    throw;
                }

                AuthDecision decision;
                try
                {
                    // One budget for all the store work of this decision; a store that never answers fails it closed.
                    // Real elapsed time on purpose, not Time: a hung socket does not follow a test's (or any) logical clock.
                    // The timer is armed only when the decision has to wait, from its first wait on: a warm decision
                    // completes at once, and a timed source costs a timer registration and removal on every call
                    // (about 0.1-0.25 µs). Work done before the first wait is in-memory, or a store that answers
                    // synchronously (SQLite), which its own busy timeout bounds and which a token cannot interrupt.
                    using var deadline = new CancellationTokenSource();
                    var pending = Authorizer.AuthorizeAsync(context.Request, deadline.Token);
                    if (!pending.IsCompleted)
                    {
                        deadline.CancelAfter(DecisionDeadline);
                    }

                    decision = await pending.ConfigureAwait(false);
                }
#pragma warning disable CA1031 // Any engine or store failure must fail closed with a generic message.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    LogFailure(context, payload, ex.GetType().Name, started);
                    throw new AuthorizerFailureException();
                }

                byte[] response;
                try
                {
                    response = Respond(context, decision);
                }
                catch (AuthorizerFailureException)
                {
                    LogFailure(context, payload, "InconsistentDecision", started);
                    throw;
                }

                LogDecision(context, payload, decision, started);

                if (response.Length == 0)
                {
                    throw new UnauthorizedException();
                }

                return new MemoryStream(response, writable: false);
            }
            finally
            {
                // Held to here so the request id is read only if a log line needs it; cleared before reuse.
                payload.Dispose();
            }
        }

        private void LogDecision(ParsedEvent context, PooledPayload payload, AuthDecision decision, long started)
        {
            // Checked first so that nothing (entry, request id) is built for a line that is not written.
            if (!Log.IsEnabled(AuthorizerLogLevel.Information))
            {
                return;
            }

            Log.Write(new DecisionLogEntry
            {
                Level = AuthorizerLogLevel.Information,
                Message = "authorizer decision",
                Outcome = OutcomeName(decision.Outcome),
                Reason = decision.Outcome == DecisionOutcome.Deny ? decision.ErrorCode : null,
                Scheme = decision.Scheme,
                AppId = decision.Outcome == DecisionOutcome.Allow ? decision.Principal?.AppId : null,
                ApiId = context.Request.Target.ApiId,
                Stage = context.Request.Target.Stage,
                EventKind = KindName(context.Request.Kind),
                RequestId = AuthorizerEventParser.ReadRequestId(payload.Span, context),
                LatencyMicroseconds = Elapsed(started),
            });
        }

        /// <summary>A Deny <c>bad_request</c> for an event that could not be parsed but named its resource.</summary>
        private MemoryStream RespondBadRequest(EventKind kind, ApiTarget target, long started)
        {
            var decision = AuthDecision.Deny(target.Arn, ErrorCodes.BadRequest,
                "The request could not be read (too large, nested too deep, duplicate fields or malformed).");
            var response = kind == EventKind.HttpApiV2 && HttpApiResponse == HttpApiResponseFormat.Simple
                ? ResponseWriter.SimpleResponse(decision)
                : ResponseWriter.IamPolicy(decision, target);
            Log.Write(new DecisionLogEntry
            {
                Level = AuthorizerLogLevel.Information,
                Message = "authorizer decision",
                Outcome = OutcomeName(DecisionOutcome.Deny),
                Reason = ErrorCodes.BadRequest,
                ApiId = target.ApiId,
                Stage = target.Stage,
                EventKind = KindName(kind),
                LatencyMicroseconds = Elapsed(started),
            });
            return new MemoryStream(response, writable: false);
        }

        /// <summary>The serialized answer; empty when the invocation must fail with <c>Unauthorized</c>.</summary>
        private byte[] Respond(ParsedEvent context, AuthDecision decision)
        {
            var request = context.Request;
            if (request.Kind == EventKind.HttpApiV2 && HttpApiResponse == HttpApiResponseFormat.Simple)
            {
                return ResponseWriter.SimpleResponse(decision);
            }

            if (request.Kind != EventKind.HttpApiV2 && decision.Outcome == DecisionOutcome.Unauthorized)
            {
                return [];
            }

            return ResponseWriter.IamPolicy(decision, request.Target);
        }

        private void LogFailure(ParsedEvent context, PooledPayload payload, string errorType, long started)
        {
            if (!Log.IsEnabled(AuthorizerLogLevel.Error))
            {
                return;
            }

            Log.Write(new DecisionLogEntry
            {
                Level = AuthorizerLogLevel.Error,
                Message = "authorizer failure",
                Outcome = "error",
                ApiId = context.Request.Target.ApiId,
                Stage = context.Request.Target.Stage,
                EventKind = KindName(context.Request.Kind),
                RequestId = AuthorizerEventParser.ReadRequestId(payload.Span, context),
                ErrorType = errorType,
                LatencyMicroseconds = Elapsed(started),
            });
        }

        private long Elapsed(long started) => (long)Time.GetElapsedTime(started).TotalMicroseconds;
    }

    private static string OutcomeName(DecisionOutcome outcome) => outcome switch
    {
        DecisionOutcome.Allow => "allow",
        DecisionOutcome.Deny => "deny",
        _ => "unauthorized",
    };

    private static string KindName(EventKind kind) => kind switch
    {
        EventKind.RestToken => "rest-token",
        EventKind.HttpApiV2 => "http-api",
        _ => "rest-request",
    };
}
