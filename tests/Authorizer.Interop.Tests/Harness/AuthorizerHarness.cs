using System.Text;
using System.Text.Json;
using Authorizer.Core.Decisions;
using Authorizer.Core.Requests;
using Authorizer.Core.Secrets;
using Authorizer.Core.Store;
using Authorizer.Functions.Events;
using Authorizer.Functions.Mapping;
using Authorizer.Functions.Responses;
using Authorizer.Store.Sqlite;

namespace Authorizer.Interop.Tests.Harness;

/// <summary>
/// The authorizer as API Gateway invokes it: event JSON in, policy or simple response JSON out, through the
/// functions' event contracts, event mapping and response mapping, on Core's engine over a private copy of a
/// seeded SQLite store, with a clock that stands still. One harness per evaluation keeps nonce bookkeeping
/// from leaking between checks.
/// </summary>
public sealed class AuthorizerHarness : IAsyncDisposable
{
    private readonly string _directory;
    private readonly SqliteAppStore _store;
    private readonly AesGcmSecretProtector _protector;
    private readonly AuthorizerEngine _engine;

    private AuthorizerHarness(string directory, FakeTimeProvider time, SqliteAppStore store, AesGcmSecretProtector protector)
    {
        _directory = directory;
        Time = time;
        _store = store;
        _protector = protector;
        _engine = new AuthorizerEngine(new AppDirectory(store, protector), store, time, new AuthorizerOptions(), tokens: null);
    }

    public FakeTimeProvider Time { get; }

    public static async Task<AuthorizerHarness> CreateAsync(DateTimeOffset now, string appKey, string appSecret)
    {
        var directory = SeededStoreTemplate.NewTempDirectory();
        await SeededStoreTemplate.CopyToAsync(directory, appKey, appSecret);
        var time = new FakeTimeProvider(now);
        var protector = AesGcmSecretProtector.FromKeyFile(Path.Combine(directory, SeededStoreTemplate.SecretKeyFile));
        var store = new SqliteAppStore(Path.Combine(directory, SeededStoreTemplate.DatabaseFile), time);
        return new AuthorizerHarness(directory, time, store, protector);
    }

    /// <summary>A REST event: an IAM policy, or <see cref="VerdictKind.Unauthorized"/> where the function fails with <c>Unauthorized</c>.</summary>
    public async Task<Verdict> InvokeRestAsync(string eventJson)
    {
        var payload = Encoding.UTF8.GetBytes(eventJson);
        if (EventReader.DetectAuthorizerEventKind(payload) != EventKind.RestRequest)
        {
            throw new InvalidOperationException("not a REST REQUEST authorizer event");
        }

        var evt = EventReader.Deserialize(payload, FunctionsJsonContext.Default.RestRequestAuthorizerEvent);
        var request = AuthRequestMapper.FromRestRequest(evt);
        var decision = await _engine.AuthorizeAsync(request);
        if (decision.Outcome == DecisionOutcome.Unauthorized)
        {
            return new Verdict(VerdictKind.Unauthorized, null, null, null, string.Empty);
        }

        return Verdict.FromIamPolicy(JsonSerializer.Serialize(
            AuthorizerResponses.ToIamPolicy(decision, request.Target), FunctionsJsonContext.Default.IamPolicyResponse));
    }

    /// <summary>An HTTP API event answered with the simple response.</summary>
    public async Task<Verdict> InvokeHttpApiAsync(string eventJson)
    {
        var payload = Encoding.UTF8.GetBytes(eventJson);
        if (EventReader.DetectAuthorizerEventKind(payload) != EventKind.HttpApiV2)
        {
            throw new InvalidOperationException("not an HTTP API 2.0 authorizer event");
        }

        var evt = EventReader.Deserialize(payload, FunctionsJsonContext.Default.HttpApiAuthorizerEvent);
        var decision = await _engine.AuthorizeAsync(AuthRequestMapper.FromHttpApi(evt));
        return Verdict.FromSimpleResponse(JsonSerializer.Serialize(
            AuthorizerResponses.ToSimpleResponse(decision), FunctionsJsonContext.Default.HttpApiSimpleResponse));
    }

    public ValueTask DisposeAsync()
    {
        _store.Dispose();
        _protector.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder never affects another harness: each has its own.
        }

        return ValueTask.CompletedTask;
    }
}
