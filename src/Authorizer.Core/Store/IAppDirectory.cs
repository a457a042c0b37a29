using Authorizer.Core.Model;

namespace Authorizer.Core.Store;

/// <summary>
/// The hot-path read model over <see cref="IAppStore"/>: apps with decrypted secrets, API settings with the
/// <c>*</c> fallback, authorizations. Implementations may cache (bounded, short TTL, negative entries).
/// </summary>
/// <remarks>
/// Each read also comes with the caller's reading of the clock (<c>now</c>): a decision reads its clock once and a
/// caching directory judges its entries' freshness by that reading instead of reading the clock again for each of
/// the three or four lookups of one decision. A directory that keeps nothing by time ignores it, which is what the
/// default implementations do; a decorator passes it on.
/// </remarks>
public interface IAppDirectory
{
    ValueTask<ResolvedApp?> FindByAppKeyAsync(string appKey, CancellationToken cancellationToken = default);
    ValueTask<ResolvedApp?> FindByAppIdAsync(string appId, CancellationToken cancellationToken = default);

    /// <summary>Looks an AppCode up by its SHA-256; the result says which code matched.</summary>
    ValueTask<ResolvedAppCode?> FindByAppCodeHashAsync(string codeHash, CancellationToken cancellationToken = default);

    /// <summary>The API's settings, else the <c>*</c> record, else <see cref="ApiSettings.BuiltInDefault"/>.</summary>
    ValueTask<ApiSettings> GetApiSettingsAsync(string apiId, CancellationToken cancellationToken = default);
    ValueTask<IReadOnlyList<AppAuthorization>> GetAuthorizationsAsync(string appId, CancellationToken cancellationToken = default);

    ValueTask<ResolvedApp?> FindByAppKeyAsync(string appKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        FindByAppKeyAsync(appKey, cancellationToken);

    ValueTask<ResolvedApp?> FindByAppIdAsync(string appId, DateTimeOffset now, CancellationToken cancellationToken) =>
        FindByAppIdAsync(appId, cancellationToken);

    ValueTask<ResolvedAppCode?> FindByAppCodeHashAsync(string codeHash, DateTimeOffset now, CancellationToken cancellationToken) =>
        FindByAppCodeHashAsync(codeHash, cancellationToken);

    ValueTask<ApiSettings> GetApiSettingsAsync(string apiId, DateTimeOffset now, CancellationToken cancellationToken) =>
        GetApiSettingsAsync(apiId, cancellationToken);

    ValueTask<IReadOnlyList<AppAuthorization>> GetAuthorizationsAsync(string appId, DateTimeOffset now, CancellationToken cancellationToken) =>
        GetAuthorizationsAsync(appId, cancellationToken);
}

/// <summary>An app with its secrets decrypted, newest first. Held in memory only.</summary>
public sealed record ResolvedApp(AppRecord App, IReadOnlyList<SecretMaterial> Secrets)
{
    /// <summary>
    /// The app's active authorizations when they were read together with it (null otherwise): an offer to a
    /// caching directory, which keeps them as its authorizations entry for the app and drops them from the app.
    /// Never a source of decisions by itself.
    /// </summary>
    public IReadOnlyList<AppAuthorization>? Authorizations { get; init; }
}

/// <summary>A plaintext AppSecret and, for a secret replaced with a grace period, when it stops working.</summary>
public sealed record SecretMaterial(byte[] Secret, DateTimeOffset? NotAfter)
{
    public bool IsUsableAt(DateTimeOffset now) => NotAfter is null || NotAfter > now;
}

public sealed record ResolvedAppCode(ResolvedApp App, AppCodeRecord Code);
