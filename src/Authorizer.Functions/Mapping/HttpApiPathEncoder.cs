using System.Text;

namespace Authorizer.Functions.Mapping;

/// <summary>
/// HTTP APIs hand over <c>rawPath</c> decoded. Signatures cover the wire form, so what a URL cannot hold
/// literally — space, <c>%</c>, <c>?</c>, <c>#</c>, control characters and non-ASCII — is re-encoded as UTF-8
/// <c>%XX</c> with uppercase hex; everything else is kept as it is.
/// </summary>
public static class HttpApiPathEncoder
{
    public static string Encode(string decodedPath)
    {
        ArgumentNullException.ThrowIfNull(decodedPath);
        if (!NeedsEncoding(decodedPath))
        {
            return decodedPath;
        }

        var bytes = Encoding.UTF8.GetBytes(decodedPath);
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (MustEncode(b))
            {
                builder.Append('%').Append(HexUpper[b >> 4]).Append(HexUpper[b & 0xF]);
            }
            else
            {
                builder.Append((char)b);
            }
        }

        return builder.ToString();
    }

    private const string HexUpper = "0123456789ABCDEF";

    private static bool MustEncode(byte b) => b <= 0x20 || b >= 0x7F || b == (byte)'%' || b == (byte)'?' || b == (byte)'#';

    private static bool NeedsEncoding(string path)
    {
        foreach (var c in path)
        {
            if (c <= 0x20 || c >= 0x7F || c == '%' || c == '?' || c == '#')
            {
                return true;
            }
        }

        return false;
    }
}
