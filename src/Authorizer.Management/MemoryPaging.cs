using System.Buffers.Text;
using System.Text;

namespace Authorizer.Management;

/// <summary>
/// Pages a short in-memory list (an app's AppCodes or authorizations) by id: the opaque token is the
/// base64url of the last id returned, so a page stays stable when earlier items are deleted.
/// </summary>
internal static class MemoryPaging
{
    public static bool TryPage<T>(
        IEnumerable<T> source, Func<T, string> id, int limit, string? nextToken, out IReadOnlyList<T> items, out string? next)
    {
        items = [];
        next = null;
        string? after = null;
        if (nextToken is not null)
        {
            try
            {
                after = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(nextToken));
            }
            catch (FormatException)
            {
                return false;
            }

            if (!ManagementRoutes.IsId(after))
            {
                return false;
            }
        }

        var ordered = source.OrderBy(id, StringComparer.Ordinal)
            .Where(x => after is null || string.CompareOrdinal(id(x), after) > 0)
            .Take(limit + 1)
            .ToList();
        if (ordered.Count > limit)
        {
            ordered.RemoveAt(limit);
            next = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(id(ordered[^1])));
        }

        items = ordered;
        return true;
    }
}
