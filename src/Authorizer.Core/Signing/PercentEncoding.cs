using System.Runtime.CompilerServices;
using System.Text;

namespace Authorizer.Core.Signing;

/// <summary>Percent-encoding rules shared by the canonicalizers, the verifiers and the event mappers.</summary>
public static class PercentEncoding
{
    private const string Hex = "0123456789ABCDEF";

    /// <summary>RFC 3986 encoding: only <c>A-Z a-z 0-9 - _ . ~</c> stay literal; the rest becomes UTF-8 <c>%XX</c>, uppercase.</summary>
    public static string EncodeRfc3986(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (IsAllUnreserved(value))
        {
            return value;
        }

        var text = new CanonicalText(stackalloc char[256]);
        try
        {
            AppendRfc3986(ref text, value);
            return text.ToString();
        }
        finally
        {
            text.Dispose();
        }
    }

    /// <summary>Appends <paramref name="value"/> RFC 3986-encoded, as <see cref="EncodeRfc3986"/> returns it.</summary>
    [SkipLocalsInit]
    internal static void AppendRfc3986(ref CanonicalText text, ReadOnlySpan<char> value)
    {
        if (IsAllUnreserved(value))
        {
            text.Append(value);
            return;
        }

        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        var bytes = max <= 256 ? stackalloc byte[256] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(value, bytes);
            foreach (var b in bytes[..length])
            {
                if (IsUnreserved((char)b))
                {
                    text.Append((char)b);
                }
                else
                {
                    text.Append('%');
                    text.Append(Hex[b >> 4]);
                    text.Append(Hex[b & 0xF]);
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
        }
    }

    /// <summary>
    /// Re-encodes a decoded path (an HTTP API's <c>rawPath</c>) into its wire form: what a URL cannot hold
    /// literally — space, control characters, non-ASCII, <c>%</c>, <c>?</c>, <c>#</c> — becomes UTF-8 <c>%XX</c>, uppercase.
    /// </summary>
    public static string EncodeDecodedPath(string decodedPath)
    {
        ArgumentNullException.ThrowIfNull(decodedPath);
        var needs = false;
        foreach (var c in decodedPath)
        {
            if (NeedsPathEscape(c))
            {
                needs = true;
                break;
            }
        }

        if (!needs)
        {
            return decodedPath;
        }

        var builder = new StringBuilder(decodedPath.Length + 16);
        Span<byte> buffer = stackalloc byte[4];
        for (var i = 0; i < decodedPath.Length; i++)
        {
            var c = decodedPath[i];
            if (!NeedsPathEscape(c))
            {
                builder.Append(c);
                continue;
            }

            int length;
            if (char.IsHighSurrogate(c) && i + 1 < decodedPath.Length && char.IsLowSurrogate(decodedPath[i + 1]))
            {
                length = Encoding.UTF8.GetBytes(decodedPath.AsSpan(i, 2), buffer);
                i++;
            }
            else
            {
                length = Encoding.UTF8.GetBytes(decodedPath.AsSpan(i, 1), buffer);
            }

            for (var j = 0; j < length; j++)
            {
                AppendEscape(builder, buffer[j]);
            }
        }

        return builder.ToString();
    }

    /// <summary>Decodes <c>%XX</c> escapes as UTF-8; malformed escapes are kept literally. <c>+</c> stays a plus.</summary>
    public static string Decode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(value) : value;
    }

    internal static bool IsUnreserved(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~';

    private static bool IsAllUnreserved(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!IsUnreserved(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool NeedsPathEscape(char c) => c <= ' ' || c >= '\u007f' || c is '%' or '?' or '#';

    private static void AppendEscape(StringBuilder builder, byte b)
    {
        builder.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
    }
}
