using System.Buffers.Text;
using System.Text;

namespace Authorizer.Core.Store;

/// <summary>
/// An opaque listing cursor for stores that page by one ordered key: base64url of a marker and the last key
/// returned. Also the page-size bound every <see cref="IAppStore"/> listing enforces.
/// </summary>
public static class PageToken
{
    private const string Marker = "v1:";

    public static string Encode(string lastKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Marker + lastKey));

    public static string? Decode(string? token)
    {
        if (token is null)
        {
            return null;
        }

        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException ex)
        {
            throw new ArgumentException("The nextToken is not a token this listing issued.", nameof(token), ex);
        }

        if (!text.StartsWith(Marker, StringComparison.Ordinal) || text.Length == Marker.Length)
        {
            throw new ArgumentException("The nextToken is not a token this listing issued.", nameof(token));
        }

        return text[Marker.Length..];
    }

    public static void ValidateLimit(int limit)
    {
        if (limit is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The page size must be between 1 and 1000.");
        }
    }
}
