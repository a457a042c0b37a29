using System.Buffers;

namespace Authorizer.Core.Signing;

/// <summary>
/// Signed header names, lower-cased, in a pooled array (common names as <see cref="Requests.KnownHeaderNames"/>
/// instances, so parsing a usual signed-header list makes no strings). Pass by <c>ref</c>; <see cref="Dispose"/> returns the array.
/// </summary>
internal struct HeaderNameList : IDisposable
{
    private string[]? _items;
    private int _count;

    public readonly int Count => _count;

    public readonly ReadOnlySpan<string> Items => _items.AsSpan(0, _count);

    public void Add(string name)
    {
        if (_items is null || _count == _items.Length)
        {
            var next = ArrayPool<string>.Shared.Rent(Math.Max(8, _count * 2));
            if (_items is not null)
            {
                _items.AsSpan(0, _count).CopyTo(next);
                Return(_items, _count);
            }

            _items = next;
        }

        _items[_count++] = name;
    }

    public readonly bool Contains(string name)
    {
        foreach (var item in Items)
        {
            if (string.Equals(item, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Sorts ordinally and drops repeats.</summary>
    public void SortDistinct()
    {
        if (_count < 2)
        {
            return;
        }

        var items = _items.AsSpan(0, _count);
        if (items.Length > 16)
        {
            items.Sort(StringComparer.Ordinal);
        }
        else
        {
            for (var i = 1; i < items.Length; i++)
            {
                var item = items[i];
                var j = i - 1;
                while (j >= 0 && string.CompareOrdinal(items[j], item) > 0)
                {
                    items[j + 1] = items[j];
                    j--;
                }

                items[j + 1] = item;
            }
        }

        var kept = 1;
        for (var i = 1; i < items.Length; i++)
        {
            if (!string.Equals(items[i], items[kept - 1], StringComparison.Ordinal))
            {
                items[kept++] = items[i];
            }
        }

        items[kept..].Clear();
        _count = kept;
    }

    public readonly string[] ToArray() => Items.ToArray();

    public void Dispose()
    {
        if (_items is not null)
        {
            Return(_items, _count);
            _items = null;
            _count = 0;
        }
    }

    private static void Return(string[] items, int count)
    {
        items.AsSpan(0, count).Clear();
        ArrayPool<string>.Shared.Return(items);
    }
}
