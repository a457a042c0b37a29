using Authorizer.Core.Model;
using Authorizer.Core.Store;

namespace Authorizer.TestSupport;

/// <summary>
/// Passes every call to a real store and gives each read a fixed latency first, recording when each read started
/// and ended on one logical clock. <see cref="RoundTrips"/> is the longest chain of reads each started after the
/// previous one ended: the reads a caller made one after another, the round trips a remote store would cost it.
/// Reads started together overlap by the whole latency, so the count does not depend on the machine's speed.
/// </summary>
public sealed class RoundTripRecordingStore(IAppStore inner, TimeSpan latency) : IAppStore
{
    private readonly Lock _gate = new();
    private readonly List<(long Start, long End, string Name)> _reads = [];
    private long _clock;

    /// <summary>Reads so far, in the order they ended.</summary>
    public IReadOnlyList<string> Reads
    {
        get
        {
            lock (_gate)
            {
                return _reads.Select(r => r.Name).ToList();
            }
        }
    }

    /// <summary>The longest chain of reads made one after another.</summary>
    public int RoundTrips
    {
        get
        {
            List<(long Start, long End, string Name)> reads;
            lock (_gate)
            {
                reads = [.. _reads.OrderBy(r => r.Start)];
            }

            var depth = new int[reads.Count];
            for (var i = 0; i < reads.Count; i++)
            {
                depth[i] = 1;
                for (var j = 0; j < i; j++)
                {
                    if (reads[j].End < reads[i].Start)
                    {
                        depth[i] = Math.Max(depth[i], depth[j] + 1);
                    }
                }
            }

            return depth.Length == 0 ? 0 : depth.Max();
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _reads.Clear();
        }
    }

    public Task<AppRecord?> GetAppAsync(string appId, CancellationToken cancellationToken = default) => ReadAsync("GetApp", () => inner.GetAppAsync(appId, cancellationToken));
    public Task<AppRecord?> GetAppByKeyAsync(string appKey, CancellationToken cancellationToken = default) => ReadAsync("GetAppByKey", () => inner.GetAppByKeyAsync(appKey, cancellationToken));
    public Task<AppCodeRecord?> GetAppCodeByHashAsync(string codeHash, CancellationToken cancellationToken = default) => ReadAsync("GetAppCodeByHash", () => inner.GetAppCodeByHashAsync(codeHash, cancellationToken));
    public Task<ApiSettings?> GetApiSettingsAsync(string apiId, CancellationToken cancellationToken = default) => ReadAsync("GetApiSettings " + apiId, () => inner.GetApiSettingsAsync(apiId, cancellationToken));
    public Task<IReadOnlyList<AppAuthorization>> GetAuthorizationsForAppAsync(string appId, CancellationToken cancellationToken = default) => ReadAsync("GetAuthorizationsForApp", () => inner.GetAuthorizationsForAppAsync(appId, cancellationToken));
    public Task<bool> IsTokenRevokedAsync(string jti, CancellationToken cancellationToken = default) => ReadAsync("IsTokenRevoked", () => inner.IsTokenRevokedAsync(jti, cancellationToken));
    public Task<long> GetFailureCountAsync(string counter, CancellationToken cancellationToken = default) => ReadAsync("GetFailureCount", () => inner.GetFailureCountAsync(counter, cancellationToken));
    public Task<bool> TryRecordNonceAsync(string appKey, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => inner.TryRecordNonceAsync(appKey, nonce, expiresAt, cancellationToken);
    public Task<long> AddFailureAsync(string counter, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => inner.AddFailureAsync(counter, expiresAt, cancellationToken);
    public Task CreateAppAsync(AppRecord app, IReadOnlyList<AppCodeRecord> codes, CancellationToken cancellationToken = default) => inner.CreateAppAsync(app, codes, cancellationToken);
    public Task<Page<AppRecord>> ListAppsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default) => inner.ListAppsAsync(limit, nextToken, cancellationToken);
    public Task<long> GetAdminGuardAsync(CancellationToken cancellationToken = default) => inner.GetAdminGuardAsync(cancellationToken);
    public Task<AppRecord> UpdateAppAsync(AppRecord app, long expectedVersion, long? adminGuard = null, CancellationToken cancellationToken = default) => inner.UpdateAppAsync(app, expectedVersion, adminGuard, cancellationToken);
    public Task<bool> DeleteAppAsync(string appId, AppWriteCondition? condition = null, CancellationToken cancellationToken = default) => inner.DeleteAppAsync(appId, condition, cancellationToken);
    public Task AddAppCodeAsync(AppCodeRecord code, int? maxCodes = null, CancellationToken cancellationToken = default) => inner.AddAppCodeAsync(code, maxCodes, cancellationToken);
    public Task<IReadOnlyList<AppCodeRecord>> ListAppCodesAsync(string appId, CancellationToken cancellationToken = default) => inner.ListAppCodesAsync(appId, cancellationToken);
    public Task<bool> DeleteAppCodeAsync(string appId, string codeId, CancellationToken cancellationToken = default) => inner.DeleteAppCodeAsync(appId, codeId, cancellationToken);
    public Task<ApiSettings> PutApiSettingsAsync(ApiSettings settings, long? expectedVersion, CancellationToken cancellationToken = default) => inner.PutApiSettingsAsync(settings, expectedVersion, cancellationToken);
    public Task<Page<ApiSettings>> ListApiSettingsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default) => inner.ListApiSettingsAsync(limit, nextToken, cancellationToken);
    public Task<bool> DeleteApiSettingsAsync(string apiId, CancellationToken cancellationToken = default) => inner.DeleteApiSettingsAsync(apiId, cancellationToken);
    public Task PutAuthorizationAsync(AppAuthorization authorization, CancellationToken cancellationToken = default) => inner.PutAuthorizationAsync(authorization, cancellationToken);
    public Task<Page<AppAuthorization>> ListAuthorizationsForApiAsync(string apiId, int limit, string? nextToken, CancellationToken cancellationToken = default) => inner.ListAuthorizationsForApiAsync(apiId, limit, nextToken, cancellationToken);
    public Task<bool> DeleteAuthorizationAsync(string appId, string authId, AppWriteCondition? condition = null, CancellationToken cancellationToken = default) => inner.DeleteAuthorizationAsync(appId, authId, condition, cancellationToken);
    public Task RevokeTokenAsync(string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => inner.RevokeTokenAsync(jti, expiresAt, cancellationToken);

    private async Task<T> ReadAsync<T>(string name, Func<Task<T>> read)
    {
        var start = Interlocked.Increment(ref _clock);
        await Task.Delay(latency).ConfigureAwait(false);
        var result = await read().ConfigureAwait(false);
        var end = Interlocked.Increment(ref _clock);
        lock (_gate)
        {
            _reads.Add((start, end, name));
        }

        return result;
    }
}
