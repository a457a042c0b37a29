using System.Security.Cryptography;
using System.Text;

namespace Authorizer.Core.Secrets;

/// <summary>
/// AES-256-GCM with a random 12-byte nonce per secret and the app id as associated data, so a ciphertext
/// copied onto another app does not decrypt. Blob: <c>version(1) | nonce(12) | tag(16) | ciphertext</c>.
/// </summary>
public sealed class AesGcmSecretProtector : ISecretProtector, IDisposable
{
    public const int KeySize = 32;
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;

    // AesGcm holds one native cipher context and is not safe for concurrent use: shared, concurrent calls throw,
    // return garbage, or write ciphertexts that never decrypt. Each operation therefore gets its own instance
    // (about a microsecond, and it runs only on a cache miss or a write), so the protector itself is stateless.
    private readonly byte[] _key;
    private volatile bool _disposed;

    public AesGcmSecretProtector(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"The AES-GCM key must be {KeySize} bytes; got {key.Length}.", nameof(key));
        }

        _key = (byte[])key.Clone();
    }

    /// <summary>
    /// Reads a 32-byte key file, creating one with a random key (mode 0600 on Unix) when it does not exist.
    /// </summary>
    public static AesGcmSecretProtector FromKeyFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            TryCreateKeyFile(full);
        }

        byte[] key;
        try
        {
            key = File.ReadAllBytes(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"The secret key file '{full}' cannot be read: {ex.Message}", ex);
        }

        try
        {
            if (key.Length != KeySize)
            {
                throw new InvalidOperationException(
                    $"The secret key file '{full}' is malformed: it must hold exactly {KeySize} raw bytes but holds {key.Length}. " +
                    "Restore the original file; a new key cannot decrypt secrets stored with the old one.");
            }

            return new AesGcmSecretProtector(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public ValueTask<byte[]> ProtectAsync(string appId, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        var blob = new byte[HeaderSize + plaintext.Length];
        blob[0] = FormatVersion;
        var nonce = blob.AsSpan(1, NonceSize);
        var tag = blob.AsSpan(1 + NonceSize, TagSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = NewCipher();
        aes.Encrypt(nonce, plaintext.Span, blob.AsSpan(HeaderSize), tag, AssociatedData(appId));
        return ValueTask.FromResult(blob);
    }

    public ValueTask<byte[]> UnprotectAsync(string appId, ReadOnlyMemory<byte> ciphertext, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        var blob = ciphertext.Span;
        if (blob.Length < HeaderSize || blob[0] != FormatVersion)
        {
            throw new CryptographicException("The protected secret has an unknown format.");
        }

        var plaintext = new byte[blob.Length - HeaderSize];
        try
        {
            using var aes = NewCipher();
            aes.Decrypt(blob.Slice(1, NonceSize), blob[HeaderSize..], blob.Slice(1 + NonceSize, TagSize), plaintext, AssociatedData(appId));
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new CryptographicException("The protected secret does not decrypt with this key for this app.", ex);
        }

        return ValueTask.FromResult(plaintext);
    }

    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_key);
    }

    // After Dispose the key is zeroed; refusing then keeps a late call from encrypting under an all-zero key.
    private AesGcm NewCipher()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new AesGcm(_key, TagSize);
    }

    // The version byte is authenticated too, so a blob cannot be re-labelled with another format.
    private static byte[] AssociatedData(string appId)
    {
        var ad = new byte[1 + Encoding.UTF8.GetByteCount(appId)];
        ad[0] = FormatVersion;
        Encoding.UTF8.GetBytes(appId, ad.AsSpan(1));
        return ad;
    }

    private static void TryCreateKeyFile(string full)
    {
        var dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        var key = RandomNumberGenerator.GetBytes(KeySize);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        // Written aside and moved into place so a concurrent reader never sees a partial key.
        var temp = full + "." + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)) + ".tmp";
        try
        {
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(key);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: false);
        }
        catch (IOException) when (File.Exists(full))
        {
            // Another process created it first; its key wins and is read by the caller.
            File.Delete(temp);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
