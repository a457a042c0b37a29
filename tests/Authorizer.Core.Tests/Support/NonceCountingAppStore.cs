namespace Authorizer.Core.Tests.Support;

/// <summary>
/// The shared in-memory store, counting nonce writes (so a test can prove a rejected request recorded none) and
/// token revocation reads (so a test can prove a repeat token was answered without one).
/// </summary>
internal sealed class NonceCountingAppStore(TimeProvider time) : InMemoryAppStore(time)
{
    private int _nonceWrites;
    private int _revocationReads;

    public int NonceWrites => Volatile.Read(ref _nonceWrites);

    public int RevocationReads => Volatile.Read(ref _revocationReads);

    public override Task<bool> TryRecordNonceAsync(string appKey, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _nonceWrites);
        return base.TryRecordNonceAsync(appKey, nonce, expiresAt, cancellationToken);
    }

    public override Task<bool> IsTokenRevokedAsync(string jti, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _revocationReads);
        return base.IsTokenRevokedAsync(jti, cancellationToken);
    }
}
