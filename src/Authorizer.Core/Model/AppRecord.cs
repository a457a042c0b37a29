namespace Authorizer.Core.Model;

/// <summary>A caller registered with the authorizer. Secrets are held encrypted; see <see cref="StoredSecret"/>.</summary>
public sealed record AppRecord
{
    public required string AppId { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required string AppKey { get; init; }
    public AppStatus Status { get; init; } = AppStatus.Enabled;
    public IReadOnlyList<string> Roles { get; init; } = [];
    public string? UsagePlanKey { get; init; }

    /// <summary>
    /// The current secret first; after a reset with a grace period, the previous secret follows with
    /// <see cref="StoredSecret.NotAfter"/> set.
    /// </summary>
    public required IReadOnlyList<StoredSecret> Secrets { get; init; }

    /// <summary>Which of the app's tokens are cut off, and from when (secret resets, revoke-all); see <see cref="Model.TokenCutoffs"/>.</summary>
    public IReadOnlyList<TokenCutoff> TokenCutoffs { get; init; } = [];

    /// <summary>Optimistic-concurrency version; stores increment it on every update.</summary>
    public long Version { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public bool IsEnabled => Status == AppStatus.Enabled;
    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);
}

public enum AppStatus
{
    Enabled,
    Disabled,
}

/// <summary>An AppSecret as stored: ciphertext from an <see cref="Secrets.ISecretProtector"/>, never plaintext.</summary>
public sealed record StoredSecret(byte[] Ciphertext, DateTimeOffset? NotAfter);

public static class AppRoles
{
    public const string Admin = "admin";
}
