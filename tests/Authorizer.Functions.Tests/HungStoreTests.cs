using System.Diagnostics;
using Authorizer.Core.Secrets;
using Authorizer.Functions.Hosting;
using Authorizer.Functions.Settings;
using Authorizer.TestSupport.Network;

namespace Authorizer.Functions.Tests;

/// <summary>
/// The composition from settings, its DynamoDB endpoint a server that accepts connections and never answers:
/// an uncached decision fails closed (the invocation fails, API Gateway answers 500) within the deadline.
/// </summary>
public sealed class HungStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "authorizer-hung-" + Guid.NewGuid().ToString("N"));
    private readonly SilentTcpServer _server = new();

    public void Dispose()
    {
        _server.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task An_uncached_decision_on_a_hung_store_fails_closed_within_two_seconds()
    {
        var settings = AuthorizerSettings.FromVariables(new Dictionary<string, string?>
        {
            [AuthorizerSettings.TableNameVariable] = "apps",
            [AuthorizerSettings.DynamoDbEndpointVariable] = _server.Url.ToString(),
            [AuthorizerSettings.SecretKeyFileVariable] = Path.Combine(_folder, "secret.key"),
            [AuthorizerSettings.TokenKeyFileVariable] = Path.Combine(_folder, "token-key.pem"),
            [AuthorizerSettings.LogLevelVariable] = "none",
            [AuthorizerSettings.MetricsVariable] = "off",
        });
        using var services = AuthorizerServices.Create(settings, TimeProvider.System);
        var function = new AuthorizerFunction(services);

        // A warm container: the first call (SDK set-up and JIT, which a loaded machine can stretch) is not the claim.
        await Assert.ThrowsAsync<AuthorizerFailureException>(() =>
            function.Handler(TestEvents.ToStream(TestApps.BasicEvent(CredentialGenerator.NewAppKey(), "any-secret-at-all"))));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<AuthorizerFailureException>(() =>
            function.Handler(TestEvents.ToStream(TestApps.BasicEvent(CredentialGenerator.NewAppKey(), "any-secret-at-all"))));

        clock.Stop();
        Assert.True(_server.Connections >= 1, "The lookup must have reached the hung store.");
        Assert.True(clock.Elapsed <= TimeSpan.FromSeconds(2), $"The decision took {clock.Elapsed}.");
    }
}
