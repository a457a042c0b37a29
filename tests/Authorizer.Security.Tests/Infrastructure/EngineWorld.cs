using System.Text;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Requests;
using Authorizer.Core.Secrets;
using Authorizer.Core.Store;
using Authorizer.Core.Throttling;
using Authorizer.Core.Tokens;

namespace Authorizer.Security.Tests.Infrastructure;

/// <summary>
/// The engine on an in-memory store with a fake clock, seeded with the corpus app (AppKey/AppSecret of the
/// corpus, one AppCode) authorized for every route of <c>corpusapi</c>.
/// </summary>
internal sealed class EngineWorld
{
    public const string ApiId = "corpusapi";
    public const string AppId = "app-corpus";
    public const string AppCode = "corpus-appcode-6f1c0e2d9b8a7f6e5d4c3b2a19081726";
    public const string Arn = "arn:aws:execute-api:us-east-1:123456789012:corpusapi/Prod/GET/echo/corpus";

    public EngineWorld(
        AuthorizerOptions? options = null,
        ApiSettings? settings = null,
        ITokenValidator? tokens = null,
        IReadOnlyList<RouteGrant>? routes = null)
    {
        Time = new FakeTimeProvider(CorpusSecrets.Now);
        Store = new InMemoryAppStore(Time);
        Directory = new AppDirectory(Store, new PlainSecretProtector());
        Options = options ?? AuthorizerOptions.Default;
        Engine = new AuthorizerEngine(Directory, Store, Time, Options, tokens);

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

    /// <summary>Options for property runs: thousands of deliberate failures must not trip the throttle.</summary>
    public static AuthorizerOptions Unthrottled { get; } = new() { FailureThrottle = new FailureThrottleOptions { Enabled = false } };

    public FakeTimeProvider Time { get; }
    public InMemoryAppStore Store { get; }
    public AppDirectory Directory { get; }
    public AuthorizerOptions Options { get; }
    public AuthorizerEngine Engine { get; }

    public AuthDecision Authorize(AuthRequest request) => Engine.AuthorizeAsync(request).AsTask().GetAwaiter().GetResult();

    /// <summary>A REST REQUEST-shaped request, as the handler's mapping would produce it.</summary>
    public static AuthRequest Request(
        string method,
        string path,
        IEnumerable<KeyValuePair<string, string>>? query = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        string? arn = null,
        string? sourceIp = "192.0.2.10")
    {
        var headerMap = new HeaderMap();
        foreach (var (name, value) in headers ?? [])
        {
            headerMap.Add(name, value);
        }

        var queryMap = new QueryMap();
        foreach (var (name, value) in query ?? [])
        {
            queryMap.Add(name, value);
        }

        if (!ApiTarget.TryParse(arn ?? Arn, out var target))
        {
            throw new ArgumentException("bad test ARN", nameof(arn));
        }

        return new AuthRequest
        {
            Kind = EventKind.RestRequest,
            Method = method,
            Path = path,
            Headers = headerMap,
            Query = queryMap,
            Target = target,
            SourceIp = sourceIp,
        };
    }
}
