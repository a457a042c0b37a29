using System.Text.Json.Nodes;

namespace Authorizer.Local.Gateway;

/// <summary>The single- and multi-value maps API Gateway puts in v1 events (single-value keeps the last value).</summary>
internal static class EventMaps
{
    public static JsonObject? Single(IEnumerable<KeyValuePair<string, string>> pairs, bool nullWhenEmpty, bool caseInsensitive)
    {
        var map = new JsonObject();
        var comparer = caseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        foreach (var (name, value) in pairs)
        {
            var existing = map.FirstOrDefault(p => comparer.Equals(p.Key, name)).Key;
            if (existing is not null)
            {
                map.Remove(existing);
            }

            map[name] = value;
        }

        return map.Count == 0 && nullWhenEmpty ? null : map;
    }

    public static JsonObject? Multi(IEnumerable<KeyValuePair<string, string>> pairs, bool nullWhenEmpty, bool caseInsensitive)
    {
        var map = new JsonObject();
        var comparer = caseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        foreach (var (name, value) in pairs)
        {
            var existing = map.FirstOrDefault(p => comparer.Equals(p.Key, name)).Key;
            if (existing is null)
            {
                map[name] = new JsonArray(value);
            }
            else
            {
                map[existing]!.AsArray().Add(value);
            }
        }

        return map.Count == 0 && nullWhenEmpty ? null : map;
    }

    public static JsonObject FromDictionary(IReadOnlyDictionary<string, string> values)
    {
        var map = new JsonObject();
        foreach (var (name, value) in values)
        {
            map[name] = value;
        }

        return map;
    }
}
