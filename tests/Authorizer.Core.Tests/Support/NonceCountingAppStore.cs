namespace Authorizer.Core.Tests.Support;

/// <summary>The shared in-memory store, counting nonce writes so a test can prove a rejected request recorded none.</summary>
internal sealed class NonceCountingAppStore(TimeProvider time) : InMemoryAppStore(time)
{
    private int _nonceWrites;

    public int NonceWrites => Volatile.Read(ref _nonceWrites);

    public override Task<bool> TryRecordNonceAsync(string appKey, string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _nonceWrites);
        return base.TryRecordNonceAsync(appKey, nonce, expiresAt, cancellationToken);
    }
}
