using Authorizer.Core.Model;
using Authorizer.Core.Secrets;
using Authorizer.Core.Store;

namespace Authorizer.Management;

/// <summary>
/// Creates the first admin app with random credentials. There are no default admin credentials: whoever
/// runs the bootstrap receives them once, here, and nowhere else.
/// </summary>
public sealed class AdminBootstrapper
{
    /// <summary>The management routes, which sit behind the authorizer: an admin needs this grant as well as the role.</summary>
    public static readonly RouteGrant ManagementRoute = new("*", "/v1/*");

    private readonly IAppStore _store;
    private readonly AppFactory _factory;
    private readonly TimeProvider _time;

    public AdminBootstrapper(IAppStore store, ISecretProtector protector, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _time = time;
        _factory = new AppFactory(store, protector, time);
    }

    /// <summary>A new authorization of the app for <see cref="ManagementRoute"/> on every API and stage.</summary>
    public static AppAuthorization ManagementAuthorization(string appId, DateTimeOffset createdAt) =>
        new()
        {
            AuthId = CredentialGenerator.NewId(),
            AppId = appId,
            ApiId = "*",
            Stage = "*",
            Routes = [ManagementRoute],
            CreatedAt = createdAt,
        };

    /// <summary>Authorizes the app for <see cref="ManagementRoute"/> on every API and stage.</summary>
    public Task GrantManagementAccessAsync(string appId, CancellationToken cancellationToken = default) =>
        _store.PutAuthorizationAsync(ManagementAuthorization(appId, _time.GetUtcNow()), cancellationToken);

    /// <summary>Creates an admin app unconditionally.</summary>
    public async Task<AdminCredentials> CreateAdminAsync(string name = "admin", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var created = await _factory.CreateAsync(name, "Management API administrator", AppStatus.Enabled, [AppRoles.Admin], null, cancellationToken)
            .ConfigureAwait(false);
        return new AdminCredentials(created.App.AppId, created.App.AppKey, created.AppSecret, created.AppCode);
    }

    /// <summary>Creates an admin app only when the store holds no enabled admin yet; null otherwise.</summary>
    public async Task<AdminCredentials?> CreateFirstAdminAsync(string name = "admin", CancellationToken cancellationToken = default)
    {
        string? next = null;
        do
        {
            var page = await _store.ListAppsAsync(100, next, cancellationToken).ConfigureAwait(false);
            if (page.Items.Any(a => a.IsEnabled && a.HasRole(AppRoles.Admin)))
            {
                return null;
            }

            next = page.NextToken;
        }
        while (next is not null);

        return await CreateAdminAsync(name, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The admin's credentials, shown once. <see cref="ToString"/> leaves the secrets out so they cannot reach a log by accident.</summary>
public sealed record AdminCredentials(string AppId, string AppKey, string AppSecret, string AppCode)
{
    public override string ToString() => $"AdminCredentials {{ AppId = {AppId}, AppKey = {AppKey} }}";
}
