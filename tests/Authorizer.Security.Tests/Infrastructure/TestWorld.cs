using System.Text;
using System.Text.Json;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Secrets;
using Authorizer.Core.Store;
using Authorizer.Core.Tokens;
using Authorizer.Functions;
using Authorizer.Functions.Logging;
using Authorizer.Functions.Settings;

namespace Authorizer.Security.Tests.Infrastructure;

/// <summary>
/// A complete authorizer on an in-memory store with a fake clock, its handler and a capturing log sink, seeded
/// with the corpus app (authorized for every route of <c>corpusapi</c>).
/// </summary>
internal sealed class TestWorld
{
    public const string ApiId = "corpusapi";
    public const string AppId = "app-corpus";
    public const string AppCode = "corpus-appcode-6f1c0e2d9b8a7f6e5d4c3b2a19081726";

    public TestWorld(
        AuthorizerOptions? options = null,
        ApiSettings? settings = null,
        ITokenValidator? tokens = null,
        IReadOnlyList<RouteGrant>? routes = null,
        HttpApiResponseFormat httpApiResponse = HttpApiResponseFormat.Iam)
    {
        Time = new FakeTimeProvider(CorpusSecrets.Now);
        Store = new InMemoryAppStore(Time);
        Directory = new AppDirectory(Store, new PlainSecretProtector());
        Options = options ?? AuthorizerOptions.Default;
        Engine = new AuthorizerEngine(Directory, Store, Time, Options, tokens);
        Log = new DecisionLog(LogSink, AuthorizerLogLevel.Debug, Time);
        Function = new AuthorizerFunction(Engine, httpApiResponse, Log, Time);

        Store.CreateAppAsync(
            new AppRecord
            {
                AppId = AppId,
                Name = "corpus",
                AppKey = CorpusSecrets.AppKey,
                Secrets = [new StoredSecret(Encoding.UTF8.GetBytes(CorpusSecrets.AppSecret), null)],
                CreatedAt = CorpusSecrets.Now,
                UpdatedAt = CorpusSecrets.Now,
            },
            [new AppCodeRecord("code-1", AppId, AppCodeHasher.Hash(AppCode), AppCode[^4..], CorpusSecrets.Now)]).GetAwaiter().GetResult();
        Store.PutAuthorizationAsync(new AppAuthorization
        {
            AuthId = "auth-1",
            AppId = AppId,
            ApiId = ApiId,
            Stage = "*",
            Routes = routes ?? [new RouteGrant("*", "/*")],
            CreatedAt = CorpusSecrets.Now,
        }).GetAwaiter().GetResult();
        if (settings is not null)
        {
            Store.PutApiSettingsAsync(settings, null).GetAwaiter().GetResult();
        }
    }

    public FakeTimeProvider Time { get; }
    public InMemoryAppStore Store { get; }
    public AppDirectory Directory { get; }
    public AuthorizerOptions Options { get; }
    public AuthorizerEngine Engine { get; }
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
