using Authorizer.Core.Model;
using Authorizer.Core.Store;

namespace Authorizer.TestSupport;

/// <summary>
/// Passes every call to a real store and gives each read a fixed latency first, recording when each read started
/// and ended on one logical clock. <see cref="RoundTrips"/> is the longest chain of reads each started after the
/// previous one ended: the reads a caller made one after another, the round trips a remote store would cost it.
/// Reads started together overlap by the whole latency, so the count does not depend on the machine's speed.
/// </summary>
public sealed class RoundTripRecordingStore(IAppStore inner, TimeSpan latency) : DelegatingAppStore(inner)
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

    public override Task<AppRecord?> GetAppAsync(string appId, CancellationToken cancellationToken = default) => ReadAsync("GetApp", () => Inner.GetAppAsync(appId, cancellationToken));
    public override Task<AppRecord?> GetAppByKeyAsync(string appKey, CancellationToken cancellationToken = default) => ReadAsync("GetAppByKey", () => Inner.GetAppByKeyAsync(appKey, cancellationToken));
    public override Task<AppCodeRecord?> GetAppCodeByHashAsync(string codeHash, CancellationToken cancellationToken = default) => ReadAsync("GetAppCodeByHash", () => Inner.GetAppCodeByHashAsync(codeHash, cancellationToken));
    public override Task<ApiSettings?> GetApiSettingsAsync(string apiId, CancellationToken cancellationToken = default) => ReadAsync("GetApiSettings " + apiId, () => Inner.GetApiSettingsAsync(apiId, cancellationToken));
    public override Task<IReadOnlyList<AppAuthorization>> GetAuthorizationsForAppAsync(string appId, CancellationToken cancellationToken = default) => ReadAsync("GetAuthorizationsForApp", () => Inner.GetAuthorizationsForAppAsync(appId, cancellationToken));
    public override Task<bool> IsTokenRevokedAsync(string jti, CancellationToken cancellationToken = default) => ReadAsync("IsTokenRevoked", () => Inner.IsTokenRevokedAsync(jti, cancellationToken));
    public override Task<long> GetFailureCountAsync(string counter, CancellationToken cancellationToken = default) => ReadAsync("GetFailureCount", () => Inner.GetFailureCountAsync(counter, cancellationToken));

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
