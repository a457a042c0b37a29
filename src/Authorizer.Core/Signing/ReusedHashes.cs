using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace Authorizer.Core.Signing;

/// <summary>
/// SHA-256 over UTF-8 text with one hash object per thread, reused across calls: the one-shot <c>HashData</c> APIs
/// set up a new native context on every call, which costs more than hashing a few hundred bytes, and a hash is
/// synchronous, so a per-thread object is never shared by two computations. HMACs are one-shot: a reusable HMAC
/// object is bound to one key, and under mixed traffic (MixedTrafficBenchmarks: 1,000 apps) the next signed request
/// on a thread almost never carries the last one's secret, so keeping the last keyed object per thread (with a copy
/// of that secret) saved nothing measurable there.
/// </summary>
internal static class ReusedHashes
{
    private const int StackLimit = 1024;

    [ThreadStatic]
    private static IncrementalHash? t_sha256;

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
    [SkipLocalsInit]
    public static int Hmac(HashAlgorithmName algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<char> text, Span<byte> destination)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        Span<byte> buffer = max <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            return CryptographicOperations.HmacData(algorithm, key, buffer[..length], destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
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
}
