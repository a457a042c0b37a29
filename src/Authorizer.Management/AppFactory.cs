using System.Text;
using Authorizer.Core.Model;
using Authorizer.Core.Secrets;
using Authorizer.Core.Store;

namespace Authorizer.Management;

/// <summary>Creates apps with fresh credentials; the plaintext secret and AppCode exist only in the result.</summary>
internal sealed class AppFactory(IAppStore store, ISecretProtector protector, TimeProvider time)
{
    /// <summary>
    /// Fresh draws tried when the store refuses one as taken: an AppKey is 12 random digits, so among a million apps a
    /// draw is taken about once in a million; five draws in a row all taken means something else is wrong.
    /// </summary>
    private const int MaxDraws = 5;

    public async Task<CreatedApp> CreateAsync(
        string name, string? description, AppStatus status, IReadOnlyList<string> roles, string? usagePlanKey, CancellationToken cancellationToken)
    {
        for (var draw = 1; ; draw++)
        {
            var now = time.GetUtcNow();
            var appId = ManagementCredentials.NewId();
            var secret = ManagementCredentials.NewAppSecret();
            var code = ManagementCredentials.NewAppCode();
            var ciphertext = await protector.ProtectAsync(appId, Encoding.UTF8.GetBytes(secret), cancellationToken).ConfigureAwait(false);

            var app = new AppRecord
            {
                AppId = appId,
                Name = name,
                Description = description,
                AppKey = ManagementCredentials.NewAppKey(),
                Status = status,
                Roles = roles,
                UsagePlanKey = usagePlanKey,
                Secrets = [new StoredSecret(ciphertext, null)],
                Version = 1,
                CreatedAt = now,
                UpdatedAt = now,
            };
            var codeRecord = NewCodeRecord(appId, code, now);
            try
            {
                await store.CreateAppAsync(app, [codeRecord], cancellationToken).ConfigureAwait(false);
            }
            catch (StoreConflictException) when (draw < MaxDraws)
            {
                // The store refused the id, AppKey or AppCode as taken, atomically with the write: draw again.
                continue;
            }

            var stored = await store.GetAppAsync(appId, cancellationToken).ConfigureAwait(false) ?? app;
            return new CreatedApp(stored, secret, code, codeRecord);
        }
    }

    public static AppCodeRecord NewCodeRecord(string appId, string code, DateTimeOffset now) =>
        new(ManagementCredentials.NewId(), appId, ManagementCredentials.HashAppCode(code), ManagementCredentials.Last4(code), now);
}

internal sealed record CreatedApp(AppRecord App, string AppSecret, string AppCode, AppCodeRecord CodeRecord);
