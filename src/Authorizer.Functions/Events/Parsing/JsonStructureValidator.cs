using System.Buffers;
using System.Text.Json;

namespace Authorizer.Functions.Events.Parsing;

/// <summary>
/// One pass over the whole payload refusing what the contract deserializer refuses whatever the member: syntax
/// errors, trailing content, nesting deeper than <see cref="FunctionsJsonContext.MaxJsonDepth"/> and the same
/// (unescaped) property name twice in any object, known or not. Names are kept in pooled buffers and each object's
/// names are checked when it closes, by sorting (hash, then bytes), so a hostile object with 100k keys stays
/// O(n log n) and a warm call allocates nothing.
/// </summary>
internal static class JsonStructureValidator
{
    // Up to this many names a pairwise check is cheaper than sorting (which allocates a comparer delegate).
    private const int PairwiseLimit = 32;

    public static readonly JsonReaderOptions ReaderOptions = new()
    {
        MaxDepth = FunctionsJsonContext.MaxJsonDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    public static void Validate(ReadOnlySpan<byte> payload)
    {
        var names = ArrayPool<byte>.Shared.Rent(1024);
        var entries = ArrayPool<NameEntry>.Shared.Rent(64);
        Span<int> frames = stackalloc int[FunctionsJsonContext.MaxJsonDepth + 2];
        Span<int> nameFrames = stackalloc int[FunctionsJsonContext.MaxJsonDepth + 2];
        var depth = 0;
        var nameLength = 0;
        var entryCount = 0;
        try
        {
            var reader = new Utf8JsonReader(payload, ReaderOptions);
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        nameFrames[depth] = nameLength;
                        frames[depth++] = entryCount;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        var start = frames[--depth];
                        if (entryCount - start > 1 && HasDuplicate(entries.AsSpan(start, entryCount - start), names))
                        {
                            throw new InvalidEventException("The event repeats a property name.");
                        }

                        nameLength = nameFrames[depth];
                        entryCount = start;

                        break;
                    case JsonTokenType.PropertyName:
                        var maxLength = reader.ValueSpan.Length;
                        if (names.Length - nameLength < maxLength)
                        {
                            names = Grow(names, nameLength, nameLength + maxLength);
                        }

                        int written;
                        if (reader.ValueIsEscaped)
                        {
                            written = reader.CopyString(names.AsSpan(nameLength));
                        }
                        else
                        {
                            reader.ValueSpan.CopyTo(names.AsSpan(nameLength));
                            written = maxLength;
                        }

                        if (entryCount == entries.Length)
                        {
                            entries = Grow(entries, entryCount, entryCount * 2);
                        }

                        var name = names.AsSpan(nameLength, written);
                        var hash = new HashCode();
                        hash.AddBytes(name);
                        entries[entryCount++] = new NameEntry(nameLength, written, hash.ToHashCode());
                        nameLength += written;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            throw new InvalidEventException("The event is not valid JSON.");
        }
        catch (InvalidOperationException)
        {
            // An escaped name that does not unescape (a lone surrogate).
            throw new InvalidEventException("The event is not valid JSON.");
        }
        finally
        {
            names.AsSpan().Clear();
            ArrayPool<byte>.Shared.Return(names);
            ArrayPool<NameEntry>.Shared.Return(entries);
        }
    }

    private static bool HasDuplicate(Span<NameEntry> frame, byte[] names)
    {
        if (frame.Length <= PairwiseLimit)
        {
            for (var i = 1; i < frame.Length; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (frame[i].Hash == frame[j].Hash && Same(frame[i], frame[j], names))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        frame.Sort(new NameComparer(names));
        for (var i = 1; i < frame.Length; i++)
        {
            if (frame[i].Hash == frame[i - 1].Hash && Same(frame[i], frame[i - 1], names))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Same(NameEntry a, NameEntry b, byte[] names) =>
        names.AsSpan(a.Offset, a.Length).SequenceEqual(names.AsSpan(b.Offset, b.Length));

    private static T[] Grow<T>(T[] array, int used, int needed)
    {
        var grown = ArrayPool<T>.Shared.Rent(Math.Max(needed, array.Length * 2));
        array.AsSpan(0, used).CopyTo(grown);
        array.AsSpan(0, used).Clear();
        ArrayPool<T>.Shared.Return(array);
        return grown;
    }

    private readonly record struct NameEntry(int Offset, int Length, int Hash);

    private readonly struct NameComparer(byte[] names) : IComparer<NameEntry>
    {
        public int Compare(NameEntry x, NameEntry y)
        {
            var byHash = x.Hash.CompareTo(y.Hash);
            return byHash != 0
                ? byHash
                : names.AsSpan(x.Offset, x.Length).SequenceCompareTo(names.AsSpan(y.Offset, y.Length));
        }
    }
}
