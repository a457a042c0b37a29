using Authorizer.Core.Model;
using Authorizer.Core.Store;

namespace Authorizer.Management.Tests.Races;

/// <summary>
/// Passes every call to a real store, but holds the first <c>parties</c> writes that can take an admin away (app
/// updates and deletes, authorization deletes) until all of them have arrived: each caller has then made its
/// checks and none has written, the interleaving a race needs. Later writes pass straight through.
/// </summary>
internal sealed class RendezvousStore(IAppStore inner, int parties) : DelegatingAppStore(inner)
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public override async Task<AppRecord> UpdateAppAsync(AppRecord app, long expectedVersion, long? adminGuard = null, CancellationToken cancellationToken = default)
    {
        await MeetAsync(cancellationToken);
        return await base.UpdateAppAsync(app, expectedVersion, adminGuard, cancellationToken);
    }

    public override async Task<bool> DeleteAppAsync(string appId, AppWriteCondition? condition = null, CancellationToken cancellationToken = default)
    {
        await MeetAsync(cancellationToken);
        return await base.DeleteAppAsync(appId, condition, cancellationToken);
    }

    public override async Task<bool> DeleteAuthorizationAsync(string appId, string authId, AppWriteCondition? condition = null, CancellationToken cancellationToken = default)
    {
        await MeetAsync(cancellationToken);
        return await base.DeleteAuthorizationAsync(appId, authId, condition, cancellationToken);
    }

    private Task MeetAsync(CancellationToken cancellationToken)
    {
        var arrived = Interlocked.Increment(ref _arrived);
        if (arrived > parties)
        {
            return Task.CompletedTask;
        }

        if (arrived == parties)
        {
            _all.TrySetResult();
        }

        return _all.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }
}
