using System.Text.Json.Nodes;

namespace Authorizer.Local.Gateway;

/// <summary>
/// API Gateway's authorizer result cache: the whole authorizer response, per authorizer, keyed on the
/// identity-source values, kept for the authorizer's TTL.
/// </summary>
internal sealed class AuthorizerResultCache(TimeProvider time)
{
    private readonly Dictionary<string, (JsonObject Response, DateTimeOffset ExpiresAt)> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public static string Key(string apiId, string authorizerName, IEnumerable<string> identityValues) =>
        string.Join('\0', [apiId, authorizerName, .. identityValues]);

    public JsonObject? Get(string key)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                return null;
            }

            if (entry.ExpiresAt <= time.GetUtcNow())
            {
                _entries.Remove(key);
                return null;
            }

            return (JsonObject)entry.Response.DeepClone();
        }
    }

    public void Put(string key, JsonObject response, int ttlSeconds)
    {
        lock (_lock)
        {
            _entries[key] = ((JsonObject)response.DeepClone(), time.GetUtcNow().AddSeconds(ttlSeconds));
        }
    }
}
