using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace Authorizer.Core.Signing;

/// <summary>
/// SHA-256 and HMAC over UTF-8 text with one hash object per thread, reused across calls. The one-shot
/// <c>HashData</c> APIs set up a new native context on every call, which costs more than hashing a few hundred
/// bytes; a verification is synchronous, so a per-thread object is never shared by two computations.
/// An HMAC object is keyed: it is rebuilt when a different secret comes along.
/// </summary>
internal static class ReusedHashes
{
    private const int StackLimit = 1024;

    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    [ThreadStatic]
    private static KeyedHmac? t_hmacSha256;

    [ThreadStatic]
    private static KeyedHmac? t_hmacSha1;

    /// <summary>SHA-256 of <paramref name="text"/>'s UTF-8 bytes into a 32-byte <paramref name="destination"/>.</summary>
    public static void Sha256(ReadOnlySpan<char> text, Span<byte> destination)
    {
        var hash = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Run(hash, text, destination, ref t_sha256);
    }

    /// <summary>SHA-256 of raw bytes into a 32-byte <paramref name="destination"/>.</summary>
    public static void Sha256(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var hash = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            hash.AppendData(data);
            hash.GetHashAndReset(destination);
        }
        catch
        {
            Discard(ref t_sha256);
            throw;
        }
    }

    /// <summary>HMAC-SHA256 (or HMAC-SHA1) of <paramref name="text"/>'s UTF-8 bytes under <paramref name="key"/>.</summary>
    public static byte[] Hmac(HashAlgorithmName algorithm, ReadOnlySpan<byte> key, string text)
    {
        var result = new byte[algorithm == HashAlgorithmName.SHA1 ? 20 : 32];
        Hmac(algorithm, key, text, result);
        return result;
    }

    /// <summary>
    /// HMAC-SHA256 (or HMAC-SHA1) of <paramref name="text"/>'s UTF-8 bytes under <paramref name="key"/> into
    /// <paramref name="destination"/> (at least 32 bytes); returns the MAC's length.
    /// </summary>
    public static int Hmac(HashAlgorithmName algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<char> text, Span<byte> destination) =>
        Hmac(algorithm, null, key, text, destination);

    /// <summary>
    /// As above, for a key held in an array that is never modified (a directory's <c>SecretMaterial</c>): the same
    /// array as last time is known to hold the same key without comparing it again.
    /// </summary>
    public static int Hmac(HashAlgorithmName algorithm, byte[] key, ReadOnlySpan<char> text, Span<byte> destination) =>
        Hmac(algorithm, key, key, text, destination);

    private static int Hmac(HashAlgorithmName algorithm, byte[]? keyArray, ReadOnlySpan<byte> key, ReadOnlySpan<char> text, Span<byte> destination)
    {
        var sha1 = algorithm == HashAlgorithmName.SHA1;
        ref var slot = ref sha1 ? ref t_hmacSha1 : ref t_hmacSha256;
        if (slot is null || !slot.Holds(keyArray, key))
        {
            slot?.Hash.Dispose();
            slot = new KeyedHmac(key.ToArray(), keyArray, IncrementalHash.CreateHMAC(algorithm, key));
        }

        var hash = slot.Hash;
        try
        {
            AppendUtf8(hash, text);
            return hash.GetHashAndReset(destination);
        }
        catch
        {
            hash.Dispose();
            slot = null;
            throw;
        }
    }

    private static void Run(IncrementalHash hash, ReadOnlySpan<char> text, Span<byte> destination, ref IncrementalHash? slot)
    {
        try
        {
            AppendUtf8(hash, text);
            hash.GetHashAndReset(destination);
        }
        catch
        {
            Discard(ref slot);
            throw;
        }
    }

    [SkipLocalsInit]
    private static void AppendUtf8(IncrementalHash hash, ReadOnlySpan<char> text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max <= StackLimit)
        {
            Span<byte> buffer = stackalloc byte[StackLimit];
            var length = Encoding.UTF8.GetBytes(text, buffer);
            hash.AppendData(buffer[..length]);
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var length = Encoding.UTF8.GetBytes(text, rented);
            hash.AppendData(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }

    private static void Discard(ref IncrementalHash? slot)
    {
        slot?.Dispose();
        slot = null;
    }

    private sealed class KeyedHmac(byte[] key, byte[]? keyArray, IncrementalHash hash)
    {
        private byte[]? _keyArray = keyArray;

        public IncrementalHash Hash { get; } = hash;

        // Constant time: which secret was used last is not something a caller should be able to time. The array
        // identity says nothing about the key's bytes.
        public bool Holds(byte[]? candidateArray, ReadOnlySpan<byte> candidate)
        {
            if (candidateArray is not null && ReferenceEquals(candidateArray, _keyArray))
            {
                return true;
            }

            if (!CryptographicOperations.FixedTimeEquals(key, candidate))
            {
                return false;
            }

            _keyArray = candidateArray;
            return true;
        }
    }
}
