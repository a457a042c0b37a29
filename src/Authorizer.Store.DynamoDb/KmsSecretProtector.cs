using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Authorizer.Core.Secrets;

namespace Authorizer.Store.DynamoDb;

/// <summary>
/// Encrypts AppSecrets with a KMS symmetric key, the app id as encryption context so a ciphertext moved to
/// another app does not decrypt. Blob: <c>version(1) | KMS ciphertext blob</c>.
/// </summary>
public sealed class KmsSecretProtector : ISecretProtector
{
    private const byte FormatVersion = 0x81;
    private const string ContextKey = "appId";

    private readonly IAmazonKeyManagementService _kms;
    private readonly string _keyId;

    public KmsSecretProtector(IAmazonKeyManagementService kms, string keyId)
    {
        ArgumentNullException.ThrowIfNull(kms);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        _kms = kms;
        _keyId = keyId;
    }

    public async ValueTask<byte[]> ProtectAsync(string appId, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        var buffer = plaintext.ToArray();
        try
        {
            using var plain = new MemoryStream(buffer, writable: false);
            var response = await _kms.EncryptAsync(
                new EncryptRequest { KeyId = _keyId, Plaintext = plain, EncryptionContext = Context(appId) },
                cancellationToken).ConfigureAwait(false);
            var blob = response.CiphertextBlob?.ToArray() ?? throw new CryptographicException("KMS answered no ciphertext.");
            var result = new byte[1 + blob.Length];
            result[0] = FormatVersion;
            blob.CopyTo(result, 1);
            return result;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    public async ValueTask<byte[]> UnprotectAsync(string appId, ReadOnlyMemory<byte> ciphertext, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        if (ciphertext.Length < 2 || ciphertext.Span[0] != FormatVersion)
        {
            throw new CryptographicException("The protected secret has an unknown format.");
        }

        try
        {
            using var blob = new MemoryStream(ciphertext[1..].ToArray(), writable: false);
            var response = await _kms.DecryptAsync(
                new DecryptRequest { KeyId = _keyId, CiphertextBlob = blob, EncryptionContext = Context(appId) },
                cancellationToken).ConfigureAwait(false);
            using var plain = response.Plaintext ?? throw new CryptographicException("KMS answered no plaintext.");
            return plain.ToArray();
        }
        catch (InvalidCiphertextException ex)
        {
            throw new CryptographicException("The protected secret does not decrypt with this key for this app.", ex);
        }
        catch (IncorrectKeyException ex)
        {
            throw new CryptographicException("The protected secret was encrypted under another KMS key.", ex);
        }
    }

    private static Dictionary<string, string> Context(string appId) => new(StringComparer.Ordinal) { [ContextKey] = appId };
}
