using System.Security.Cryptography;
using Authorizer.Core.Model;
using Authorizer.Core.Secrets;

namespace Authorizer.Core.Store;

/// <summary>
/// An uncached directory that, for an unknown AppKey, decrypts a dummy secret as a known app's lookup decrypts
/// its own: without it the missing decryption (a KMS call in Lambda) would tell which AppKeys exist. The
/// authorizer does not need it: its cache answers known and unknown keys alike from memory.
/// </summary>
internal sealed class ConstantWorkDirectory : IAppDirectory
{
    private const string DummyAppId = "constant-work";

    private readonly IAppDirectory _inner;
    private readonly ISecretProtector _protector;
    private Task<byte[]>? _dummyCiphertext;

    public ConstantWorkDirectory(IAppDirectory inner, ISecretProtector protector)
    {
        _inner = inner;
        _protector = protector;
    }

    public async ValueTask<ResolvedApp?> FindByAppKeyAsync(string appKey, CancellationToken cancellationToken = default)
    {
        var app = await _inner.FindByAppKeyAsync(appKey, cancellationToken).ConfigureAwait(false);
        if (app is null)
        {
            var plaintext = await _protector.UnprotectAsync(DummyAppId, await DummyCiphertextAsync().ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            CryptographicOperations.ZeroMemory(plaintext);
        }

        return app;
    }

    public ValueTask<ResolvedApp?> FindByAppIdAsync(string appId, CancellationToken cancellationToken = default) =>
        _inner.FindByAppIdAsync(appId, cancellationToken);

    public ValueTask<ResolvedAppCode?> FindByAppCodeHashAsync(string codeHash, CancellationToken cancellationToken = default) =>
        _inner.FindByAppCodeHashAsync(codeHash, cancellationToken);

    public ValueTask<ApiSettings> GetApiSettingsAsync(string apiId, CancellationToken cancellationToken = default) =>
        _inner.GetApiSettingsAsync(apiId, cancellationToken);

    public ValueTask<IReadOnlyList<AppAuthorization>> GetAuthorizationsAsync(string appId, CancellationToken cancellationToken = default) =>
        _inner.GetAuthorizationsAsync(appId, cancellationToken);

    /// <summary>Encrypted once per container; a failed attempt (e.g. KMS unavailable) is retried on the next call rather than kept.</summary>
    private Task<byte[]> DummyCiphertextAsync()
    {
        var current = Volatile.Read(ref _dummyCiphertext);
        if (current is { IsFaulted: false, IsCanceled: false })
        {
            return current;
        }

        var fresh = ProtectDummyAsync();
        return Interlocked.CompareExchange(ref _dummyCiphertext, fresh, current) == current ? fresh : _dummyCiphertext!;
    }

    private async Task<byte[]> ProtectDummyAsync() =>
        await _protector.ProtectAsync(DummyAppId, RandomNumberGenerator.GetBytes(43), CancellationToken.None).ConfigureAwait(false);
}
