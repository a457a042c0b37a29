namespace Authorizer.Core.Requests;

/// <summary>Request headers: names compare case-insensitively, every value kept in arrival order.</summary>
public sealed class HeaderMap
{
    // A one-element array for a name seen once (nearly every header), a list from the first repeat on.
    private readonly Dictionary<string, IReadOnlyList<string>> _values;

    public HeaderMap()
    {
        _values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Sized for about <paramref name="capacity"/> names, so filling it does not regrow the table.</summary>
    public HeaderMap(int capacity)
    {
        _values = new Dictionary<string, IReadOnlyList<string>>(Math.Max(capacity, 0), StringComparer.OrdinalIgnoreCase);
    }

    public int Count => _values.Count;

    public IEnumerable<string> Names => _values.Keys;

    public void Add(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (!_values.TryGetValue(name, out var values))
        {
            _values[name] = [value];
            return;
        }

        if (values is List<string> list)
        {
            list.Add(value);
            return;
        }

        _values[name] = new List<string>(4) { values[0], value };
    }

    public bool Contains(string name) => _values.ContainsKey(name);

    /// <summary>As <see cref="Contains(string)"/>, without needing the name as a string.</summary>
    public bool Contains(ReadOnlySpan<char> name) =>
        _values.GetAlternateLookup<ReadOnlySpan<char>>().ContainsKey(name);

    /// <summary>All values of a header; empty when absent.</summary>
    public IReadOnlyList<string> GetAll(string name) =>
        _values.TryGetValue(name, out var values) ? values : [];

    /// <summary>True when the header is present exactly once.</summary>
    public bool TryGetSingle(string name, out string value)
    {
        if (_values.TryGetValue(name, out var values) && values.Count == 1)
        {
            value = values[0];
            return true;
        }

        value = string.Empty;
        return false;
    }

    /// <summary>The single value, or null when absent. Callers check <see cref="CountOf"/> for repeats first.</summary>
    public string? GetFirst(string name) =>
        _values.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    public int CountOf(string name) => _values.TryGetValue(name, out var values) ? values.Count : 0;
}
