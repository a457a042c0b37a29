namespace Authorizer.Core.Secrets;

/// <summary>
/// Encrypts AppSecrets at rest. HMAC verification needs the plaintext, so secrets are encrypted, not hashed.
/// The app id is bound into the ciphertext (AES-GCM associated data, KMS encryption context).
/// </summary>
public interface ISecretProtector
{
    ValueTask<byte[]> ProtectAsync(string appId, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken = default);
    ValueTask<byte[]> UnprotectAsync(string appId, ReadOnlyMemory<byte> ciphertext, CancellationToken cancellationToken = default);
}
