namespace Authorizer.Core.Requests;

/// <summary>Request headers: names compare case-insensitively, every value kept in arrival order.</summary>
public sealed class HeaderMap
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.OrdinalIgnoreCase);

    public int Count => _values.Count;

    public IEnumerable<string> Names => _values.Keys;

    public void Add(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (!_values.TryGetValue(name, out var list))
        {
            list = new List<string>(1);
            _values[name] = list;
        }

        list.Add(value);
    }

    public bool Contains(string name) => _values.ContainsKey(name);

    /// <summary>All values of a header; empty when absent.</summary>
    public IReadOnlyList<string> GetAll(string name) =>
        _values.TryGetValue(name, out var list) ? list : [];

    /// <summary>True when the header is present exactly once.</summary>
    public bool TryGetSingle(string name, out string value)
    {
        if (_values.TryGetValue(name, out var list) && list.Count == 1)
        {
            value = list[0];
            return true;
        }

        value = string.Empty;
        return false;
    }

    /// <summary>The single value, or null when absent. Callers check <see cref="CountOf"/> for repeats first.</summary>
    public string? GetFirst(string name) =>
        _values.TryGetValue(name, out var list) && list.Count > 0 ? list[0] : null;

    public int CountOf(string name) => _values.TryGetValue(name, out var list) ? list.Count : 0;
}
