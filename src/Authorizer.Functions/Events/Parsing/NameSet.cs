using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Authorizer.Functions.Events.Parsing;

/// <summary>
/// The property names of the objects open during the event's one pass, to refuse a name that appears twice in
/// one object (compared after unescaping, as the contract deserializer compares them). An unescaped name is
/// kept as its place in the payload, an escaped one is unescaped into a pooled buffer; each object's names are
/// checked when it closes: pairwise up to <see cref="PairwiseLimit"/> names, above that sorted by (hash, bytes),
/// so a hostile object with 100k keys stays O(n log n). The entries start in a caller's stack buffer.
/// </summary>
internal ref struct NameSet
{
    // Up to this many names a pairwise check (on the hash first) beats copying and sorting.
    private const int PairwiseLimit = 32;

    private readonly ReadOnlySpan<byte> _payload;
    private Span<NameEntry> _entries;
    private NameEntry[]? _rentedEntries;
    private byte[]? _unescaped;
    private int _unescapedLength;
    private int _count;

    public NameSet(ReadOnlySpan<byte> payload, Span<NameEntry> entries)
    {
        _payload = payload;
        _entries = entries;
    }

    /// <summary>Marks where the names of an object that just opened begin.</summary>
    public readonly Frame Open() => new(_count, _unescapedLength);

    /// <summary>Records the current property name in the innermost open object.</summary>
    public void Add(ref Utf8JsonReader reader)
    {
        if (_count == _entries.Length)
        {
            GrowEntries();
        }

        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            _entries[_count++] = new NameEntry(OffsetInPayload(raw), raw.Length, Hash(raw));
            return;
        }

        // Unescaping never lengthens the text; an escape that does not unescape (a lone surrogate) throws, refused.
        if (_unescaped is null || _unescaped.Length - _unescapedLength < raw.Length)
        {
            GrowUnescaped(raw.Length);
        }

        var written = reader.CopyString(_unescaped.AsSpan(_unescapedLength));
        var name = _unescaped.AsSpan(_unescapedLength, written);
        _entries[_count++] = new NameEntry(~_unescapedLength, written, Hash(name));
        _unescapedLength += written;
    }

    /// <summary>The object opened at <paramref name="frame"/> closed: refuses a repeated name, then forgets its names.</summary>
    public void Close(Frame frame)
    {
        var names = _entries[frame.Start.._count];
        if (names.Length > 1 && (names.Length <= PairwiseLimit ? HasPairwiseDuplicate(names) : HasSortedDuplicate(names)))
        {
            throw new InvalidEventException("The event repeats a property name.");
        }

        _count = frame.Start;
        _unescapedLength = frame.UnescapedLength;
    }

    public void Dispose()
    {
        if (_rentedEntries is not null)
        {
            ArrayPool<NameEntry>.Shared.Return(_rentedEntries);
            _rentedEntries = null;
        }

        if (_unescaped is not null)
        {
            _unescaped.AsSpan().Clear();
            ArrayPool<byte>.Shared.Return(_unescaped);
            _unescaped = null;
        }
    }

    private readonly ReadOnlySpan<byte> NameOf(NameEntry entry) =>
        entry.Offset >= 0 ? _payload.Slice(entry.Offset, entry.Length) : _unescaped.AsSpan(~entry.Offset, entry.Length);

    private readonly int OffsetInPayload(ReadOnlySpan<byte> slice) =>
        (int)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(_payload), ref MemoryMarshal.GetReference(slice));

    private readonly bool HasPairwiseDuplicate(Span<NameEntry> names)
    {
        for (var i = 1; i < names.Length; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (names[i].Hash == names[j].Hash && names[i].Length == names[j].Length && NameOf(names[i]).SequenceEqual(NameOf(names[j])))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Copies the names into one pooled buffer (the comparer can hold no span) and sorts them.</summary>
    private readonly bool HasSortedDuplicate(Span<NameEntry> names)
    {
        var total = 0;
        foreach (var entry in names)
        {
            total += entry.Length;
        }

        var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(total, 1));
        var copies = ArrayPool<NameEntry>.Shared.Rent(names.Length);
        try
        {
            var at = 0;
            for (var i = 0; i < names.Length; i++)
            {
                NameOf(names[i]).CopyTo(bytes.AsSpan(at));
                copies[i] = names[i] with { Offset = at };
                at += names[i].Length;
            }

            var sorted = copies.AsSpan(0, names.Length);
            sorted.Sort(new NameComparer(bytes));
            for (var i = 1; i < sorted.Length; i++)
            {
                if (sorted[i].Hash == sorted[i - 1].Hash && NameComparer.Same(bytes, sorted[i], sorted[i - 1]))
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            bytes.AsSpan(0, total).Clear();
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<NameEntry>.Shared.Return(copies);
        }
    }

    private void GrowEntries()
    {
        var grown = ArrayPool<NameEntry>.Shared.Rent(_entries.Length * 2);
        _entries[.._count].CopyTo(grown);
        if (_rentedEntries is not null)
        {
            ArrayPool<NameEntry>.Shared.Return(_rentedEntries);
        }

        _rentedEntries = grown;
        _entries = grown;
    }

    private void GrowUnescaped(int needed)
    {
        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(256, Math.Max(_unescapedLength + needed, (_unescaped?.Length ?? 0) * 2)));
        if (_unescaped is not null)
        {
            _unescaped.AsSpan(0, _unescapedLength).CopyTo(grown);
            _unescaped.AsSpan().Clear();
            ArrayPool<byte>.Shared.Return(_unescaped);
        }

        _unescaped = grown;
    }

    /// <summary>
    /// The length and the first and last eight bytes: constant work per name. A collision only costs a byte
    /// comparison, and the sorted check orders equal hashes by their bytes, so crafted collisions stay O(n log n).
    /// </summary>
    private static int Hash(ReadOnlySpan<byte> name)
    {
        ulong head, tail;
        if (name.Length >= 8)
        {
            head = BinaryPrimitives.ReadUInt64LittleEndian(name);
            tail = BinaryPrimitives.ReadUInt64LittleEndian(name[^8..]);
        }
        else if (name.Length >= 4)
        {
            head = BinaryPrimitives.ReadUInt32LittleEndian(name);
            tail = BinaryPrimitives.ReadUInt32LittleEndian(name[^4..]);
        }
        else
        {
            head = 0;
            foreach (var b in name)
            {
                head = (head << 8) | b;
            }

            tail = 0;
        }

        var mixed = (head * 0x9E3779B97F4A7C15UL) ^ (tail * 0xC2B2AE3D27D4EB4FUL) ^ (ulong)name.Length;
        return (int)(mixed ^ (mixed >> 29));
    }

    public readonly record struct Frame(int Start, int UnescapedLength);

    private readonly struct NameComparer(byte[] bytes) : IComparer<NameEntry>
    {
        public int Compare(NameEntry x, NameEntry y)
        {
            var byHash = x.Hash.CompareTo(y.Hash);
            return byHash != 0 ? byHash : bytes.AsSpan(x.Offset, x.Length).SequenceCompareTo(bytes.AsSpan(y.Offset, y.Length));
        }

        public static bool Same(byte[] bytes, NameEntry x, NameEntry y) =>
            bytes.AsSpan(x.Offset, x.Length).SequenceEqual(bytes.AsSpan(y.Offset, y.Length));
    }
}

/// <summary>A name's place (payload offset, or the complement of its offset in the unescaped buffer), length and hash.</summary>
internal readonly record struct NameEntry(int Offset, int Length, int Hash);
