using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Requests;
using Authorizer.Core.Store;

namespace Authorizer.Core.Tests.Metrics;

internal sealed class SteppingTimeProvider : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero).AddTicks(Interlocked.Read(ref _ticks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

internal sealed class ScriptedAuthorizer(Func<AuthRequest, ValueTask<AuthDecision>> answer) : IAuthorizer
{
    public ValueTask<AuthDecision> AuthorizeAsync(AuthRequest request, CancellationToken cancellationToken = default) => answer(request);
}

internal sealed class EmptyDirectory : IAppDirectory
{
    public ValueTask<ResolvedApp?> FindByAppKeyAsync(string appKey, CancellationToken cancellationToken = default) => ValueTask.FromResult<ResolvedApp?>(null);

    public ValueTask<ResolvedApp?> FindByAppIdAsync(string appId, CancellationToken cancellationToken = default) => ValueTask.FromResult<ResolvedApp?>(null);

    public ValueTask<ResolvedAppCode?> FindByAppCodeHashAsync(string codeHash, CancellationToken cancellationToken = default) => ValueTask.FromResult<ResolvedAppCode?>(null);

    public ValueTask<ApiSettings> GetApiSettingsAsync(string apiId, CancellationToken cancellationToken = default) => ValueTask.FromResult(ApiSettings.BuiltInDefault(apiId));

    public ValueTask<IReadOnlyList<AppAuthorization>> GetAuthorizationsAsync(string appId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<AppAuthorization>>([]);
}

/// <summary>Answers the hot-path reads after advancing the clock by <see cref="Delay"/>; management calls are not used here.</summary>
internal sealed class SlowStore(SteppingTimeProvider time) : IAppStore
{
    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(7);

    public bool CompleteAsynchronously { get; set; }

    public Task<AppRecord?> GetAppAsync(string appId, CancellationToken cancellationToken = default) => Answer<AppRecord?>(null);

    public Task<AppRecord?> GetAppByKeyAsync(string appKey, CancellationToken cancellationToken = default) => Answer<AppRecord?>(null);

    public Task<AppCodeRecord?> GetAppCodeByHashAsync(string codeHash, CancellationToken cancellationToken = default) => Answer<AppCodeRecord?>(null);

    public Task<ApiSettings?> GetApiSettingsAsync(string apiId, CancellationToken cancellationToken = default) => Answer<ApiSettings?>(null);

    public Task<IReadOnlyList<AppAuthorization>> GetAuthorizationsForAppAsync(string appId, CancellationToken cancellationToken = default) =>
        Answer<IReadOnlyList<AppAuthorization>>([]);

    public Task<bool> TryRecordNonceAsync(string appKey, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => Answer(true);

    public Task<bool> IsTokenRevokedAsync(string jti, CancellationToken cancellationToken = default) => Answer(false);
    public Task<long> AddFailureAsync(string counter, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => Answer(1L);
    public Task<long> GetFailureCountAsync(string counter, CancellationToken cancellationToken = default) => Answer(0L);

    public Task CreateAppAsync(AppRecord app, IReadOnlyList<AppCodeRecord> codes, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Page<AppRecord>> ListAppsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<long> GetAdminGuardAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AppRecord> UpdateAppAsync(AppRecord app, long expectedVersion, long? adminGuard = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<bool> DeleteAppAsync(string appId, AppWriteCondition? condition = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task AddAppCodeAsync(AppCodeRecord code, int? maxCodes = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<AppCodeRecord>> ListAppCodesAsync(string appId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<bool> DeleteAppCodeAsync(string appId, string codeId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ApiSettings> PutApiSettingsAsync(ApiSettings settings, long? expectedVersion, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Page<ApiSettings>> ListApiSettingsAsync(int limit, string? nextToken, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<bool> DeleteApiSettingsAsync(string apiId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task PutAuthorizationAsync(AppAuthorization authorization, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Page<AppAuthorization>> ListAuthorizationsForApiAsync(string apiId, int limit, string? nextToken, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<bool> DeleteAuthorizationAsync(string appId, string authId, AppWriteCondition? condition = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task RevokeTokenAsync(string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    private async Task<T> Answer<T>(T value)
    {
        time.Advance(Delay);
        if (CompleteAsynchronously)
        {
            await Task.Yield();
        }

        return value;
    }
}

internal static class MetricsRequests
{
    public static AuthRequest Create()
    {
        Assert.True(ApiTarget.TryParse("arn:aws:execute-api:us-east-1:123456789012:abc123/Prod/GET/echo", out var target));
        return new AuthRequest
        {
            Kind = EventKind.RestRequest,
            Method = "GET",
            Path = "/Prod/echo",
            Headers = new HeaderMap(),
            Query = new QueryMap(),
            Target = target,
        };
    }
}
