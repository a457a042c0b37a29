namespace Authorizer.Core.Signing;

/// <summary>Orders query parameters by index, without copying them, for the canonicalizers.</summary>
internal static class QueryOrder
{
    /// <summary>Stable ordinal order by name: repeats of a name keep their arrival order.</summary>
    public static void ByName(IReadOnlyList<KeyValuePair<string, string>> pairs, Span<int> order) =>
        Sort(order, new ByNameComparer(pairs));

    /// <summary>Ordinal order by name, then by value.</summary>
    public static void ByNameThenValue(IReadOnlyList<KeyValuePair<string, string>> pairs, Span<int> order) =>
        Sort(order, new ByNameThenValueComparer(pairs));

    private static void Sort<TComparer>(Span<int> order, TComparer comparer)
        where TComparer : IComparer<int>
    {
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // Queries are short: an insertion sort over a struct comparer costs less than the general sort's set-up.
        if (order.Length > 16)
        {
            order.Sort(comparer);
            return;
        }

        for (var i = 1; i < order.Length; i++)
        {
            var item = order[i];
            var j = i - 1;
            while (j >= 0 && comparer.Compare(order[j], item) > 0)
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = item;
        }
    }

    // The index breaks ties, which makes the unstable span sort stable.
    private readonly struct ByNameComparer(IReadOnlyList<KeyValuePair<string, string>> pairs) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            var byName = string.CompareOrdinal(pairs[x].Key, pairs[y].Key);
            return byName != 0 ? byName : x.CompareTo(y);
        }
    }

    private readonly struct ByNameThenValueComparer(IReadOnlyList<KeyValuePair<string, string>> pairs) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            var left = pairs[x];
            var right = pairs[y];
            var byName = string.CompareOrdinal(left.Key, right.Key);
            if (byName != 0)
            {
                return byName;
            }

            var byValue = string.CompareOrdinal(left.Value, right.Value);
            return byValue != 0 ? byValue : x.CompareTo(y);
        }
    }
}
