using System.Runtime.InteropServices;

namespace Authorizer.Core.Requests;

/// <summary>Request headers: names compare case-insensitively, every value kept in arrival order.</summary>
public sealed class HeaderMap
{
    // A one-element list for a name seen once (nearly every header), a List from the first repeat on; the table
    // itself only once a header is added (TOKEN events carry none).
    private readonly int _capacity;
    private Dictionary<string, IReadOnlyList<string>>? _values;

    public HeaderMap()
    {
    }

    /// <summary>Sized for about <paramref name="capacity"/> names, so filling it does not regrow the table.</summary>
    public HeaderMap(int capacity)
    {
        _capacity = Math.Max(capacity, 0);
    }

    public int Count => _values?.Count ?? 0;

    public IEnumerable<string> Names => _values is null ? [] : _values.Keys;

    /// <summary>
    /// Every name with its values, in no particular order, without allocating an enumerator or looking each name
    /// up again (what a walk over <see cref="Names"/> and <see cref="GetAll"/> costs per header).
    /// </summary>
    public Enumerator GetEnumerator() => new(_values);

    public void Add(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        _values ??= new Dictionary<string, IReadOnlyList<string>>(_capacity, StringComparer.OrdinalIgnoreCase);

        // One lookup for both the first value and a repeat (the name is hashed case-insensitively, so twice costs).
        ref var values = ref CollectionsMarshal.GetValueRefOrAddDefault(_values, name, out var exists);
        if (!exists)
        {
            values = [value];
            return;
        }

        if (values is List<string> list)
        {
            list.Add(value);
            return;
        }

        values = new List<string>(4) { values![0], value };
    }

    public bool Contains(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _values is not null && _values.ContainsKey(name);
    }

    /// <summary>As <see cref="Contains(string)"/>, without needing the name as a string.</summary>
    public bool Contains(ReadOnlySpan<char> name) =>
        _values is not null && _values.GetAlternateLookup<ReadOnlySpan<char>>().ContainsKey(name);

    /// <summary>All values of a header; empty when absent.</summary>
    public IReadOnlyList<string> GetAll(string name) =>
        TryGet(name, out var values) ? values : [];

    /// <summary>True when the header is present exactly once.</summary>
    public bool TryGetSingle(string name, out string value)
    {
        if (TryGet(name, out var values) && values.Count == 1)
        {
            value = values[0];
            return true;
        }

        value = string.Empty;
        return false;
    }

    /// <summary>The single value, or null when absent. Callers check <see cref="CountOf"/> for repeats first.</summary>
    public string? GetFirst(string name) =>
        TryGet(name, out var values) && values.Count > 0 ? values[0] : null;

    public int CountOf(string name) => TryGet(name, out var values) ? values.Count : 0;

    private bool TryGet(string name, out IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_values is not null && _values.TryGetValue(name, out var found))
        {
            values = found;
            return true;
        }

        values = [];
        return false;
    }

    /// <summary>Walks the names and their values; a map without headers yields nothing.</summary>
    public struct Enumerator
    {
        private readonly bool _any;
        private Dictionary<string, IReadOnlyList<string>>.Enumerator _inner;

        internal Enumerator(Dictionary<string, IReadOnlyList<string>>? values)
        {
            _any = values is not null;
            _inner = values is null ? default : values.GetEnumerator();
        }

        public readonly KeyValuePair<string, IReadOnlyList<string>> Current => _inner.Current;

        public bool MoveNext() => _any && _inner.MoveNext();
    }
}
