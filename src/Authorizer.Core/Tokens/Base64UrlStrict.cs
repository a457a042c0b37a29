using System.Buffers;
using System.Buffers.Text;

namespace Authorizer.Core.Tokens;

/// <summary>
/// Base64url without padding, decoded strictly: only the URL-safe alphabet, no padding or whitespace, and
/// unused trailing bits must be zero, so every byte string has exactly one accepted encoding.
/// </summary>
internal static class Base64UrlStrict
{
    // Searched vectorized: a token's signature alone is hundreds of characters, checked on every first verification.
    private static readonly SearchValues<char> Alphabet = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    public static string Encode(ReadOnlySpan<byte> data) => Base64Url.EncodeToString(data);

    /// <summary>The exact decoded length of <paramref name="textLength"/> unpadded characters.</summary>
    public static int DecodedLength(int textLength) => Base64Url.GetMaxDecodedLength(textLength);

    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        var decoded = new byte[DecodedLength(text.Length)];
        if (!TryDecode(text, decoded, out var written))
        {
            return false;
        }

        bytes = written == decoded.Length ? decoded : decoded.AsSpan(0, written).ToArray();
        return true;
    }

    /// <summary>Decodes into <paramref name="destination"/> (at least <see cref="DecodedLength"/> bytes) without allocating.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int written)
    {
        written = 0;
        var tail = text.Length % 4;
        if (tail == 1)
        {
            return false;
        }

        // The decoder below skips whitespace and takes padding; only the bare alphabet is accepted here.
        if (text.ContainsAnyExcept(Alphabet))
        {
            return false;
        }

        // With the alphabet above and no padding, the one way to write the same bytes twice is through the unused low bits
        // of the last character (4 of them after 2 characters of a group, 2 after 3): they must be zero. The decoder below
        // refuses them too today; checked here so the rule does not rest on that (Base64UrlStrictTests hold both).
        if (tail != 0 && (ValueOf(text[^1]) & (tail == 2 ? 0b1111 : 0b11)) != 0)
        {
            return false;
        }

        return Base64Url.DecodeFromChars(text, destination, out var consumed, out written) == System.Buffers.OperationStatus.Done
            && consumed == text.Length;
    }

    private static int ValueOf(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        '_' => 63,
        _ => -1,
    };
}
