using Authorizer.Core.Model;
using Authorizer.Core.Store;

namespace Authorizer.Store.Tests;

/// <summary>An inner directory whose answers, failures and timing each test scripts; it counts every call.</summary>
internal sealed class ScriptedDirectory : IAppDirectory
{
    private int _calls;
    private Exception? _failNext;

    public Dictionary<string, ResolvedApp> AppsByKey { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ResolvedAppCode> Codes { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, every call waits for it before answering.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>The next call throws this (once).</summary>
    public void FailNextWith(Exception failure) => _failNext = failure;

    public int Calls => Volatile.Read(ref _calls);

    public ValueTask<ResolvedApp?> FindByAppKeyAsync(string appKey, CancellationToken cancellationToken = default) =>
        AnswerAsync(() => AppsByKey.GetValueOrDefault(appKey));

    public ValueTask<ResolvedApp?> FindByAppIdAsync(string appId, CancellationToken cancellationToken = default) =>
        AnswerAsync(() => AppsByKey.Values.FirstOrDefault(a => a.App.AppId == appId));

    public ValueTask<ResolvedAppCode?> FindByAppCodeHashAsync(string codeHash, CancellationToken cancellationToken = default) =>
        AnswerAsync(() => Codes.GetValueOrDefault(codeHash));

    public async ValueTask<ApiSettings> GetApiSettingsAsync(string apiId, CancellationToken cancellationToken = default) =>
        (await AnswerAsync<ApiSettings>(() => ApiSettings.BuiltInDefault(apiId)))!;

    public async ValueTask<IReadOnlyList<AppAuthorization>> GetAuthorizationsAsync(string appId, CancellationToken cancellationToken = default) =>
        (await AnswerAsync<IReadOnlyList<AppAuthorization>>(() => []))!;

    private async ValueTask<T?> AnswerAsync<T>(Func<T?> answer)
    {
        Interlocked.Increment(ref _calls);
        if (Gate is { } gate)
        {
            await gate.Task;
        }

        if (Interlocked.Exchange(ref _failNext, null) is { } failure)
        {
            throw failure;
        }

        return answer();
    }
}
