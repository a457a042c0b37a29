using Authorizer.Core.Model;
using Authorizer.Core.Store;

namespace Authorizer.Benchmarks;

/// <summary>
/// A directory that already holds one app, its AppCode, the API settings and the authorizations, answering
/// synchronously: what a warm cache gives the engine, without the cache's own bookkeeping.
/// </summary>
internal sealed class WarmDirectory : IAppDirectory
{
    private readonly ResolvedApp _app;
    private readonly ResolvedAppCode _code;
    private readonly ApiSettings _settings;
    private readonly IReadOnlyList<AppAuthorization> _authorizations;

    public WarmDirectory(ResolvedApp app, AppCodeRecord code, ApiSettings settings, IReadOnlyList<AppAuthorization> authorizations)
    {
        _app = app;
        _code = new ResolvedAppCode(app, code);
        _settings = settings;
        _authorizations = authorizations;
    }

    public ValueTask<ResolvedApp?> FindByAppKeyAsync(string appKey, CancellationToken cancellationToken = default) =>
        new(string.Equals(appKey, _app.App.AppKey, StringComparison.Ordinal) ? _app : null);

    public ValueTask<ResolvedApp?> FindByAppIdAsync(string appId, CancellationToken cancellationToken = default) =>
        new(string.Equals(appId, _app.App.AppId, StringComparison.Ordinal) ? _app : null);

    public ValueTask<ResolvedAppCode?> FindByAppCodeHashAsync(string codeHash, CancellationToken cancellationToken = default) =>
        new(string.Equals(codeHash, _code.Code.CodeHash, StringComparison.Ordinal) ? _code : null);

    public ValueTask<ApiSettings> GetApiSettingsAsync(string apiId, CancellationToken cancellationToken = default) => new(_settings);

    public ValueTask<IReadOnlyList<AppAuthorization>> GetAuthorizationsAsync(string appId, CancellationToken cancellationToken = default) =>
        new(string.Equals(appId, _app.App.AppId, StringComparison.Ordinal) ? _authorizations : []);
}
