using Authorizer.Core.Requests;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Authorizer.Core.Tests;

/// <summary>
/// <see cref="HeaderMap"/> against a case-insensitive dictionary of lists, on both sides of the name count where
/// it moves from its arrays to a hash table: the same names, values, order of values and lookups.
/// </summary>
public sealed class HeaderMapTests
{
    // Names that differ only in case, a non-ASCII letter ordinal-ignore-case folds onto an ASCII one, and unrelated names.
    private static readonly string[] Pool = ["Host", "host", "HOST", "X-Ca-Key", "x-ca-key", "Accept", "ı", "I", "i", "a", "b", "Authorization"];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(40)]
    [InlineData(500)]
    public void Distinct_names_each_with_repeats_read_back_as_added(int names)
    {
        var map = new HeaderMap(names / 2);
        var model = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names; i++)
        {
            Add(map, model, $"X-Name-{i}", $"v{i}");
        }

        // A repeat of the first and last names, in another case, after the switch (when there is one).
        if (names > 0)
        {
            Add(map, model, "x-name-0", "again");
            Add(map, model, $"X-NAME-{names - 1}", "again");
        }

        AssertSame(model, map);
    }

    [Property(MaxTest = 300)]
    public Property Any_sequence_of_adds_reads_back_as_a_case_insensitive_multimap(int[] picks)
    {
        var map = new HeaderMap();
        var model = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        foreach (var pick in picks ?? [])
        {
            // Pool names and numbered ones, so both sides of the switch are reached.
            var name = (pick & 1) == 0 ? Pool[(pick >>> 1) % Pool.Length] : $"N{(pick >>> 1) % 50}";
            Add(map, model, name, $"v{i++}");
        }

        AssertSame(model, map);
        return true.ToProperty();
    }

    [Fact]
    public void An_empty_map_finds_nothing_and_enumerates_nothing()
    {
        var map = new HeaderMap();
        Assert.Equal(0, map.Count);
        Assert.False(map.Contains("Host"));
        Assert.False(map.Contains("Host".AsSpan()));
        Assert.Empty(map.GetAll("Host"));
        Assert.Null(map.GetFirst("Host"));
        Assert.False(map.TryGetSingle("Host", out _));
        Assert.Empty(map.Names);
        Assert.False(map.GetEnumerator().MoveNext());
        Assert.False(default(HeaderMap.Enumerator).MoveNext());
    }

    private static void Add(HeaderMap map, Dictionary<string, List<string>> model, string name, string value)
    {
        map.Add(name, value);
        if (!model.TryGetValue(name, out var values))
        {
            model[name] = values = [];
        }

        values.Add(value);
    }

    private static void AssertSame(Dictionary<string, List<string>> model, HeaderMap map)
    {
        Assert.Equal(model.Count, map.Count);
        var seen = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, values) in map)
        {
            seen.Add(name, values);
        }

        // The map keeps the spelling of a name's first arrival, as the model does.
        Assert.Equal(model.Keys.Order(StringComparer.Ordinal), seen.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(model.Keys.Order(StringComparer.Ordinal), map.Names.Order(StringComparer.Ordinal));
        foreach (var (name, values) in model)
        {
            Assert.Equal(values, seen[name]);
            foreach (var spelling in new[] { name, name.ToUpperInvariant(), name.ToLowerInvariant() })
            {
                // Another spelling may name another entry of the model (ı and I fold together, i does not).
                var expected = model.TryGetValue(spelling, out var other) ? other : [];
                Assert.Equal(expected, map.GetAll(spelling));
                Assert.Equal(expected.Count > 0, map.Contains(spelling));
                Assert.Equal(expected.Count > 0, map.Contains(spelling.AsSpan()));
                Assert.Equal(expected.Count, map.CountOf(spelling));
                Assert.Equal(expected.Count > 0 ? expected[0] : null, map.GetFirst(spelling));
                Assert.Equal(expected.Count == 1, map.TryGetSingle(spelling, out var single));
                Assert.Equal(expected.Count == 1 ? expected[0] : string.Empty, single);
            }
        }

        Assert.False(map.Contains("Not-Sent"));
        Assert.Empty(map.GetAll("Not-Sent"));
    }
}
