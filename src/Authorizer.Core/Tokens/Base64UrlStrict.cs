using System.Buffers.Text;

namespace Authorizer.Core.Tokens;

/// <summary>
/// Base64url without padding, decoded strictly: only the URL-safe alphabet, no padding or whitespace, and
/// unused trailing bits must be zero, so every byte string has exactly one accepted encoding.
/// </summary>
internal static class Base64UrlStrict
{
    public static string Encode(ReadOnlySpan<byte> data) => Base64Url.EncodeToString(data);

    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length % 4 == 1)
        {
            return false;
        }

        foreach (var c in text)
        {
            var ok = c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_';
            if (!ok)
            {
                return false;
            }
        }

        var decoded = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        if (Base64Url.DecodeFromChars(text, decoded, out var consumed, out var written) != System.Buffers.OperationStatus.Done
            || consumed != text.Length)
        {
            return false;
        }

        decoded = decoded.AsSpan(0, written).ToArray();
        if (!text.SequenceEqual(Encode(decoded)))
        {
            return false;
        }

        bytes = decoded;
        return true;
    }
}
