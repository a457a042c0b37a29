using System.Runtime.InteropServices;

namespace Authorizer.Core.Requests;

/// <summary>Request headers: names compare case-insensitively, every value kept in arrival order.</summary>
public sealed class HeaderMap
{
    // Up to this many names the map is two arrays searched in order, comparing lengths first: an event carries a
    // handful to a few dozen headers, and for those building and searching the arrays costs less than hashing each
    // name case-insensitively into a table (ParsingBenchmarks, docs/PERFORMANCE.md "Event parsing in one pass").
    // Past it the names move to a Dictionary, so a hostile header count stays linear.
    internal const int LinearLimit = 32;

    // A one-element array for a name seen once (nearly every header), a List from the first repeat on; no storage
    // at all until a header is added (TOKEN events carry none).
    private readonly int _capacity;
    private string[]? _names;
    private IReadOnlyList<string>[]? _values;
    private int _count;
    private Dictionary<string, IReadOnlyList<string>>? _table;

    public HeaderMap()
    {
    }

    /// <summary>Sized for about <paramref name="capacity"/> names, so filling it does not regrow its storage.</summary>
    public HeaderMap(int capacity)
    {
        _capacity = Math.Max(capacity, 0);
    }

    public int Count => _table?.Count ?? _count;

    public IEnumerable<string> Names => _table is not null ? _table.Keys : new ArraySegment<string>(_names ?? [], 0, _count);

    /// <summary>
    /// Every name with its values, in no particular order, without allocating an enumerator or looking each name
    /// up again (what a walk over <see cref="Names"/> and <see cref="GetAll"/> costs per header).
    /// </summary>
    public Enumerator GetEnumerator() => new(this);

    public void Add(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (_table is null)
        {
            var at = IndexOf(name);
            if (at >= 0)
            {
                Append(ref _values![at], value);
                return;
            }

            if (_count < LinearLimit)
            {
                EnsureRoom();
                _names![_count] = name;
                _values![_count++] = [value];
                return;
            }

            _table = ToTable();
        }

        // One lookup for both the first value and a repeat (the name is hashed case-insensitively, so twice costs).
        ref var values = ref CollectionsMarshal.GetValueRefOrAddDefault(_table, name, out var exists);
        if (!exists)
        {
            values = [value];
            return;
        }

        Append(ref values!, value);
    }

    public bool Contains(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _table is not null ? _table.ContainsKey(name) : IndexOf(name) >= 0;
    }

    /// <summary>As <see cref="Contains(string)"/>, without needing the name as a string.</summary>
    public bool Contains(ReadOnlySpan<char> name) =>
        _table is not null ? _table.GetAlternateLookup<ReadOnlySpan<char>>().ContainsKey(name) : IndexOf(name) >= 0;

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
        if (_table is not null)
        {
            if (_table.TryGetValue(name, out var found))
            {
                values = found;
                return true;
            }
        }
        else if (IndexOf(name) is var at and >= 0)
        {
            values = _values![at];
            return true;
        }

        values = [];
        return false;
    }

    private static void Append(ref IReadOnlyList<string> values, string value)
    {
        if (values is List<string> list)
        {
            list.Add(value);
            return;
        }

        values = new List<string>(4) { values[0], value };
    }

    /// <summary>Where the arrays hold <paramref name="name"/> (case-insensitively), or -1.</summary>
    private int IndexOf(ReadOnlySpan<char> name)
    {
        var names = _names;
        if (names is null)
        {
            return -1;
        }

        for (var i = 0; i < _count; i++)
        {
            // Ordinal-ignore-case equality needs equal lengths (it folds one UTF-16 unit onto one).
            var candidate = names[i];
            if (candidate.Length == name.Length && name.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private void EnsureRoom()
    {
        if (_names is null)
        {
            var size = Math.Clamp(_capacity, 4, LinearLimit);
            _names = new string[size];
            _values = new IReadOnlyList<string>[size];
        }
        else if (_count == _names.Length)
        {
            var size = Math.Min(_names.Length * 2, LinearLimit);
            Array.Resize(ref _names, size);
            Array.Resize(ref _values, size);
        }
    }

    private Dictionary<string, IReadOnlyList<string>> ToTable()
    {
        var table = new Dictionary<string, IReadOnlyList<string>>(Math.Max(_capacity, _count * 2), StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < _count; i++)
        {
            table.Add(_names![i], _values![i]);
        }

        _names = null;
        _values = null;
        _count = 0;
        return table;
    }

    /// <summary>Walks the names and their values; a map without headers yields nothing.</summary>
    public struct Enumerator
    {
        private readonly HeaderMap _map;
        private readonly bool _table;
        private Dictionary<string, IReadOnlyList<string>>.Enumerator _inner;
        private int _next;
        private KeyValuePair<string, IReadOnlyList<string>> _current;

        internal Enumerator(HeaderMap map)
        {
            _map = map;
            _table = map._table is not null;
            _inner = map._table is null ? default : map._table.GetEnumerator();
            _next = 0;
            _current = default;
        }

        public readonly KeyValuePair<string, IReadOnlyList<string>> Current => _table ? _inner.Current : _current;

        public bool MoveNext()
        {
            if (_table)
            {
                return _inner.MoveNext();
            }

            if (_map is null || _next >= _map._count)
            {
                return false;
            }

            _current = new KeyValuePair<string, IReadOnlyList<string>>(_map._names![_next], _map._values![_next]);
            _next++;
            return true;
        }
    }
}
