namespace Authorizer.Core.Requests;

/// <summary>Decoded query parameters: names are case-sensitive; arrival order and repeats are kept.</summary>
public sealed class QueryMap
{
    private readonly List<KeyValuePair<string, string>> _pairs;

    public QueryMap()
    {
        _pairs = [];
    }

    /// <summary>Sized for about <paramref name="capacity"/> pairs, so filling it does not regrow the list.</summary>
    public QueryMap(int capacity)
    {
        _pairs = new List<KeyValuePair<string, string>>(Math.Max(capacity, 0));
    }

    public int Count => _pairs.Count;

    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    public void Add(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        _pairs.Add(new KeyValuePair<string, string>(name, value));
    }

    public IReadOnlyList<string> GetAll(string name)
    {
        List<string>? found = null;
        foreach (var pair in _pairs)
        {
            if (string.Equals(pair.Key, name, StringComparison.Ordinal))
            {
                (found ??= []).Add(pair.Value);
            }
        }

        return found ?? (IReadOnlyList<string>)[];
    }

    public bool Contains(string name)
    {
        foreach (var pair in _pairs)
        {
            if (string.Equals(pair.Key, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
