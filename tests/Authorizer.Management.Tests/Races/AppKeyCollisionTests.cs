using Authorizer.Core.Model;
using Authorizer.Core.Store;

namespace Authorizer.Management.Tests.Races;

/// <summary>
/// AppKeys are 12 random digits, so with many apps a new one can be taken already (the store's uniqueness check
/// refuses it atomically). Creating an app then draws fresh credentials and tries again, instead of answering a
/// conflict the caller did not cause.
/// </summary>
public sealed class AppKeyCollisionTests
{
    [Fact]
    public async Task Creating_an_app_whose_drawn_app_key_is_taken_draws_another()
    {
        var time = new FakeTimeProvider();
        var store = new TakenKeyStore(time);
        using var h = await ApiHarness.CreateAsync(store, time: time);
        store.RefuseNextCreates = 2;

        var created = await h.SendAsync("POST", "/v1/apps", "{\"name\":\"after a collision\"}");

        Assert.Equal(201, created.Status);
        Assert.Equal(3, store.Attempts.Count);
        Assert.Equal(3, store.Attempts.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(store.Attempts[^1], created.Str("appKey"));
        Assert.NotNull(await store.GetAppByKeyAsync(created.Str("appKey")));
    }

    private sealed class TakenKeyStore(TimeProvider time) : InMemoryAppStore(time)
    {
        public int RefuseNextCreates { get; set; }

        public List<string> Attempts { get; } = [];

        public override Task CreateAppAsync(AppRecord app, IReadOnlyList<AppCodeRecord> codes, CancellationToken cancellationToken = default)
        {
            if (RefuseNextCreates == 0 && Attempts.Count == 0)
            {
                // The bootstrap admin, before the test starts counting.
                return base.CreateAppAsync(app, codes, cancellationToken);
            }

            Attempts.Add(app.AppKey);
            if (RefuseNextCreates > 0)
            {
                RefuseNextCreates--;
                throw new StoreConflictException("An app with this id or AppKey, or one of the AppCodes, already exists.");
            }

            return base.CreateAppAsync(app, codes, cancellationToken);
        }
    }
}
