using System.Security.Cryptography;
using Authorizer.Core.Caching;
using Authorizer.Core.Model;
using Authorizer.Core.Secrets;
using Authorizer.Core.Store;
using Authorizer.Store.DynamoDb;
using Authorizer.TestSupport;

namespace Authorizer.Store.Tests;

/// <summary>
/// A cold AppCode lookup's reads on Amazon DynamoDB Local, in the order the engine makes them (settings, the
/// AppCode, the app's authorizations), through the caching directory the authorizer is built with.
/// </summary>
[Collection(DynamoDbLocalGroup.Name)]
public sealed class DynamoDbColdReadTests(DynamoDbLocalFixture server)
{
    [Fact]
    public async Task A_cold_appcode_lookup_makes_three_round_trips_and_answers_as_the_sequential_reads_do()
    {
        using var client = await server.CreateClientAsync();
        var time = new FakeTimeProvider(TestData.Start);
        var store = new DynamoDbAppStore(client, await server.CreateTableAsync(client, "cold"), time);
        using var protector = new AesGcmSecretProtector(RandomNumberGenerator.GetBytes(32));
        var app = TestData.App();
        app = app with { Secrets = [new StoredSecret(await protector.ProtectAsync(app.AppId, RandomNumberGenerator.GetBytes(32)), null)] };
        var code = TestData.Code(app.AppId);
        await store.CreateAppAsync(app, [code]);
        await store.PutAuthorizationAsync(TestData.Authorization(app.AppId, "api-1"));
        await store.PutApiSettingsAsync(new ApiSettings { ApiId = ApiSettings.DefaultApiId, AllowHmacSha1 = true }, null);
        var recorder = new RoundTripRecordingStore(store, TimeSpan.FromMilliseconds(60));
        var cold = new CachingAppDirectory(new AppDirectory(recorder, protector), new AppCacheOptions(), time);
        var sequential = new AppDirectory(store, protector, prefetchAuthorizations: false);

        var settings = await cold.GetApiSettingsAsync("api-1");
        var found = await cold.FindByAppCodeHashAsync(code.CodeHash);
        var authorizations = await cold.GetAuthorizationsAsync(app.AppId);

        Assert.Equal(3, recorder.RoundTrips);
        Assert.Equal(5, recorder.Reads.Count);
        var expectedSettings = await sequential.GetApiSettingsAsync("api-1");
        Assert.Equal((expectedSettings.ApiId, expectedSettings.Version, expectedSettings.AllowHmacSha1), (settings.ApiId, settings.Version, settings.AllowHmacSha1));
        Assert.True(settings.AllowHmacSha1);
        var expected = await sequential.FindByAppCodeHashAsync(code.CodeHash);
        Assert.Equal(expected!.Code, found!.Code);
        Assert.Equal((expected.App.App.AppId, expected.App.App.AppKey, expected.App.App.Version), (found.App.App.AppId, found.App.App.AppKey, found.App.App.Version));
        Assert.Equal(expected.App.Secrets.Select(s => s.Secret), found.App.Secrets.Select(s => s.Secret));
        Assert.Equal(
            (await sequential.GetAuthorizationsAsync(app.AppId)).Select(a => a.AuthId),
            authorizations.Select(a => a.AuthId));
        Assert.Single(authorizations);
    }
}
