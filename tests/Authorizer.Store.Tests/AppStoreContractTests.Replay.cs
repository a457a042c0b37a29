using System.Text;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Requests;
using Authorizer.Core.Secrets;
using Authorizer.Core.Signing;
using Authorizer.Core.Store;

namespace Authorizer.Store.Tests;

/// <summary>
/// Replay protection end to end on each store: a signed request is valid until its own timestamp plus the
/// window, so the nonce the authorizer records for it must outlive that, whatever the store.
/// </summary>
public abstract partial class AppStoreContractTests
{
    private const string ReplayApiId = "replayapi";
    private const string ReplaySecret = "replay-secret-0123456789abcdef0123";
    private static readonly TimeSpan Window = AuthorizerOptions.Default.TimestampWindow;

    [Fact]
    public async Task A_future_stamped_ca_request_cannot_be_replayed_once_now_plus_window_has_passed()
    {
        var (engine, appKey) = await ReplayWorldAsync(ReplayProtection.Optional);
        var stamped = Time.GetUtcNow() + Window - TimeSpan.FromMinutes(1);
        var request = Signed(SigningCredentials.ForSignatureCa(appKey, ReplaySecret), new SigningOptions { Timestamp = stamped, Nonce = "future-nonce" });

        Assert.Equal(DecisionOutcome.Allow, (await engine.AuthorizeAsync(request)).Outcome);

        // Past now + window, but the request's own timestamp is still within the window.
        Time.Advance(Window + TimeSpan.FromMinutes(2));
        var replay = await engine.AuthorizeAsync(request);

        Assert.Equal(DecisionOutcome.Deny, replay.Outcome);
        Assert.Equal(ErrorCodes.NonceUsed, replay.ErrorCode);
    }

    [Fact]
    public async Task An_exact_sdk_replay_is_refused_when_replay_protection_is_required()
    {
        var (engine, appKey) = await ReplayWorldAsync(ReplayProtection.Required);
        var request = Signed(SigningCredentials.ForSignatureSdk(appKey, ReplaySecret), new SigningOptions { Timestamp = Time.GetUtcNow() });

        Assert.Equal(DecisionOutcome.Allow, (await engine.AuthorizeAsync(request)).Outcome);
        var replay = await engine.AuthorizeAsync(request);
        var again = await engine.AuthorizeAsync(request);

        Assert.Equal(ErrorCodes.NonceUsed, replay.ErrorCode);
        Assert.Equal(ErrorCodes.NonceUsed, again.ErrorCode);
    }

    [Fact]
    public async Task A_future_stamped_sdk_request_stays_refused_until_its_own_window_ends()
    {
        var (engine, appKey) = await ReplayWorldAsync(ReplayProtection.Required);
        var stamped = Time.GetUtcNow() + Window - TimeSpan.FromMinutes(1);
        var request = Signed(SigningCredentials.ForSignatureSdk(appKey, ReplaySecret), new SigningOptions { Timestamp = stamped });

        Assert.Equal(DecisionOutcome.Allow, (await engine.AuthorizeAsync(request)).Outcome);
        Time.Advance(Window + TimeSpan.FromMinutes(2));

        Assert.Equal(ErrorCodes.NonceUsed, (await engine.AuthorizeAsync(request)).ErrorCode);
    }

    [Fact]
    public async Task A_different_sdk_request_is_not_a_replay()
    {
        var (engine, appKey) = await ReplayWorldAsync(ReplayProtection.Required);
        var credentials = SigningCredentials.ForSignatureSdk(appKey, ReplaySecret);
        var first = Signed(credentials, new SigningOptions { Timestamp = Time.GetUtcNow() });
        var later = Signed(credentials, new SigningOptions { Timestamp = Time.GetUtcNow().AddSeconds(1) });

        Assert.Equal(DecisionOutcome.Allow, (await engine.AuthorizeAsync(first)).Outcome);
        Assert.Equal(DecisionOutcome.Allow, (await engine.AuthorizeAsync(later)).Outcome);
    }

    private async Task<(AuthorizerEngine Engine, string AppKey)> ReplayWorldAsync(ReplayProtection replayProtection)
    {
        var protector = new PlainProtector();
        var app = TestData.App() with
        {
            Secrets = [new StoredSecret(await protector.ProtectAsync("x", Encoding.UTF8.GetBytes(ReplaySecret)), null)],
        };
        await Store.CreateAppAsync(app, []);
        await Store.PutAuthorizationAsync(TestData.Authorization(app.AppId, ReplayApiId) with { Stage = "*", Routes = [new RouteGrant("GET", "/pets/1")] });
        await Store.PutApiSettingsAsync(new ApiSettings { ApiId = ReplayApiId, ReplayProtection = replayProtection }, null);
        var engine = new AuthorizerEngine(new AppDirectory(Store, protector), Store, Time, AuthorizerOptions.Default, tokens: null);
        return (engine, app.AppKey);
    }

    private AuthRequest Signed(SigningCredentials credentials, SigningOptions options)
    {
        var signable = new SignableRequest("GET", "/pets/1", [], [new("Host", "api.example.com")]);
        var headers = new HeaderMap();
        foreach (var (name, value) in signable.Headers.Concat(new RequestSigner(Time).Sign(signable, credentials, options)))
        {
            headers.Add(name, value);
        }

        return new AuthRequest
        {
            Kind = EventKind.RestRequest,
            Method = "GET",
            Path = "/pets/1",
            Headers = headers,
            Query = new QueryMap(),
            Target = ApiTarget.TryParse($"arn:aws:execute-api:us-east-1:123456789012:{ReplayApiId}/prod/GET/pets/1", out var target)
                ? target
                : throw new InvalidOperationException("bad test ARN"),
            SourceIp = "192.0.2.1",
        };
    }

    /// <summary>Keeps secrets as given: encryption at rest has its own tests.</summary>
    private sealed class PlainProtector : ISecretProtector
    {
        public ValueTask<byte[]> ProtectAsync(string appId, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(plaintext.ToArray());

        public ValueTask<byte[]> UnprotectAsync(string appId, ReadOnlyMemory<byte> ciphertext, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(ciphertext.ToArray());
    }
}
