using System.Text;
using System.Text.Json;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Tokens;
using Authorizer.Functions;
using Authorizer.Functions.Logging;
using Authorizer.Functions.Settings;

namespace Authorizer.Security.Tests.Infrastructure;

/// <summary>An <see cref="EngineWorld"/> behind the Lambda handler, logging into a capturing sink.</summary>
internal sealed class TestWorld
{
    public TestWorld(
        AuthorizerOptions? options = null,
        ApiSettings? settings = null,
        ITokenValidator? tokens = null,
        IReadOnlyList<RouteGrant>? routes = null,
        HttpApiResponseFormat httpApiResponse = HttpApiResponseFormat.Iam)
    {
        Engine = new EngineWorld(options, settings, tokens, routes);
        Log = new DecisionLog(LogSink, AuthorizerLogLevel.Debug, Engine.Time);
        Function = new AuthorizerFunction(Engine.Engine, httpApiResponse, Log, Engine.Time);
    }

    public EngineWorld Engine { get; }
    public MemoryStream LogSink { get; } = new();
    public DecisionLog Log { get; }
    public AuthorizerFunction Function { get; }

    public string LogText => Encoding.UTF8.GetString(LogSink.ToArray());

    public Task<HandlerResult> InvokeAsync(EventBuilder builder) => InvokeAsync(builder.ToUtf8());

    /// <summary>Runs the handler; any exception other than the documented ones fails the calling test.</summary>
    public async Task<HandlerResult> InvokeAsync(byte[] payload)
    {
        try
        {
            await using var output = await Function.Handler(new MemoryStream(payload, writable: false));
            using var reader = new StreamReader(output, Encoding.UTF8);
            return HandlerResult.FromResponse(await reader.ReadToEndAsync());
        }
        catch (UnauthorizedException ex)
        {
            return new HandlerResult(HandlerOutcome.Unauthorized, null, ex.Message, null);
        }
        catch (InvalidEventException ex)
        {
            return new HandlerResult(HandlerOutcome.InvalidEvent, null, ex.Message, null);
        }
    }
}

internal enum HandlerOutcome
{
    Allow,
    Deny,
    Unauthorized,
    InvalidEvent,
}

internal sealed record HandlerResult(HandlerOutcome Outcome, string? ErrorCode, string? Message, string? Json)
{
    public static HandlerResult FromResponse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        string? code = null;
        string? message = null;
        if (root.TryGetProperty("context", out var context) && context.ValueKind == JsonValueKind.Object)
        {
            code = context.TryGetProperty("errorCode", out var c) ? c.GetString() : null;
            message = context.TryGetProperty("errorMessage", out var m) ? m.GetString() : null;
        }

        bool allowed;
        if (root.TryGetProperty("isAuthorized", out var isAuthorized))
        {
            allowed = isAuthorized.GetBoolean();
        }
        else
        {
            var statements = root.GetProperty("policyDocument").GetProperty("Statement");
            allowed = statements.GetArrayLength() > 0
                && statements.EnumerateArray().All(s => s.GetProperty("Effect").GetString() == "Allow");
        }

        return new HandlerResult(allowed ? HandlerOutcome.Allow : HandlerOutcome.Deny, code, message, json);
    }

    public override string ToString() => $"{Outcome} {ErrorCode} {Message}";
}
