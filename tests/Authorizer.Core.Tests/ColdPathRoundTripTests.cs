using System.Text;
using Authorizer.Core.Caching;
using Authorizer.Core.Decisions;
using Authorizer.Core.Store;
using Authorizer.Core.Tests.Support;
using static Authorizer.Core.Tests.Support.TestWorld;

namespace Authorizer.Core.Tests;

/// <summary>
/// The store reads of a cold decision (empty cache) through the directories the authorizer is built with, counted
/// as round trips: reads made one after another, each costing a remote store's latency.
/// </summary>
public sealed class ColdPathRoundTripTests
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(60);

    [Fact]
    public async Task A_cold_appcode_decision_reads_the_store_in_three_round_trips()
    {
        var (engine, store) = await ColdEngineAsync();

        var decision = await engine.AuthorizeAsync(TokenEvent("APPCODE " + AppCode));

        Assert.Equal(DecisionOutcome.Allow, decision.Outcome);

        // Both settings records at once; the AppCode row; the app with its authorizations at once.
        Assert.Equal(3, store.RoundTrips);
        Assert.Equal(5, store.Reads.Count);
    }

    [Fact]
    public async Task A_cold_app_basic_decision_reads_the_store_in_three_round_trips()
    {
        var (engine, store) = await ColdEngineAsync();
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(AppKey + ":" + AppSecret));

        var decision = await engine.AuthorizeAsync(TokenEvent(basic));

        Assert.Equal(DecisionOutcome.Allow, decision.Outcome);

        // Both settings records at once; the app by its AppKey (one store call; a mapping then the item in DynamoDB);
        // its authorizations beside the secrets' decryption.
        Assert.Equal(3, store.RoundTrips);
        Assert.Equal(4, store.Reads.Count);
    }

    private static async Task<(AuthorizerEngine Engine, RoundTripRecordingStore Store)> ColdEngineAsync()
    {
        var world = await CreateAsync();
        var store = new RoundTripRecordingStore(world.Store, Latency);
        var directory = new CachingAppDirectory(new AppDirectory(store, new PlainSecretProtector()), new AppCacheOptions(), world.Clock);
        return (new AuthorizerEngine(directory, store, world.Clock, AuthorizerOptions.Default, null), store);
    }
}
