using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace Authorizer.Functions.Events.Parsing;

/// <summary>
/// The value checks the contract deserializer applies to members whose values the hot path does not need:
/// the same JSON types accepted (null is always allowed), and every string or dictionary key must decode to
/// text, as it would have to become a <see cref="string"/> there. Nothing is allocated.
/// </summary>
internal static class JsonChecks
{
    private const int StackChars = 256;

    public static InvalidEventException WrongType() =>
        new("The event is not valid JSON for its kind (syntax error, duplicate property, wrong value type or nesting too deep).");

    /// <summary>Moves to the value and reads a <c>string?</c> member.</summary>
    public static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        return CurrentString(ref reader);
    }

    public static string? CurrentString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw WrongType(),
    };

    /// <summary>Moves to the value and checks a <c>string?</c> member without reading it.</summary>
    public static void SkipString(ref Utf8JsonReader reader)
    {
        reader.Read();
        CheckCurrentString(ref reader);
    }

    public static void CheckCurrentString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            CheckText(ref reader);
        }
        else if (reader.TokenType != JsonTokenType.Null)
        {
            throw WrongType();
        }
    }

    /// <summary>The current string or property name decodes to text (what <c>GetString</c> would demand).</summary>
    public static void CheckText(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            if (!Utf8.IsValid(reader.ValueSpan))
            {
                throw WrongType();
            }

            return;
        }

        var length = reader.ValueSpan.Length;
        char[]? rented = null;
        var chars = length <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(length));
        try
        {
            reader.CopyString(chars);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Skips an unknown member. Its name is not checked: extension data takes a name that is not UTF-8 as it is.
    /// </summary>
    public static void SkipUnknownMember(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    /// <summary>Moves to the value and checks a <c>Dictionary&lt;string, string?&gt;?</c> member.</summary>
    public static void SkipStringMap(ref Utf8JsonReader reader)
    {
        reader.Read();
        CheckCurrentStringMap(ref reader);
    }

    public static void CheckCurrentStringMap(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        RequireStartObject(ref reader);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            CheckText(ref reader);
            SkipString(ref reader);
        }
    }

    /// <summary>Checks a <c>Dictionary&lt;string, List&lt;string?&gt;?&gt;?</c> at the current token.</summary>
    public static void CheckCurrentListMap(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        RequireStartObject(ref reader);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            CheckText(ref reader);
            reader.Read();
            CheckCurrentStringList(ref reader);
        }
    }

    /// <summary>Moves to the value and checks a <c>List&lt;string?&gt;?</c> member.</summary>
    public static void SkipStringList(ref Utf8JsonReader reader)
    {
        reader.Read();
        CheckCurrentStringList(ref reader);
    }

    public static void CheckCurrentStringList(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        RequireStartArray(ref reader);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            CheckCurrentString(ref reader);
        }
    }

    /// <summary>Moves to the value and checks a <c>Dictionary&lt;string, JsonElement&gt;?</c> member.</summary>
    public static void SkipElementMap(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        RequireStartObject(ref reader);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // Unlike extension data, a dictionary decodes each key, refusing one that is not UTF-8.
            CheckText(ref reader);
            reader.Read();
            reader.Skip();
        }
    }

    /// <summary>
    /// Moves to the value of a member holding an object read later: its start offset, or -1 when null.
    /// </summary>
    public static int MarkObject(ref Utf8JsonReader reader, int baseOffset)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return -1;
        }

        RequireStartObject(ref reader);
        var offset = baseOffset + (int)reader.TokenStartIndex;
        reader.Skip();
        return offset;
    }

    /// <summary>As <see cref="MarkObject"/>, for a <c>string?</c> member, checked as <see cref="SkipString"/> checks it.</summary>
    public static int MarkString(ref Utf8JsonReader reader, int baseOffset)
    {
        reader.Read();
        CheckCurrentString(ref reader);
        return reader.TokenType == JsonTokenType.Null ? -1 : baseOffset + (int)reader.TokenStartIndex;
    }

    /// <summary>The string recorded by <see cref="MarkString"/>; null for -1.</summary>
    public static string? StringAt(ReadOnlySpan<byte> payload, int offset)
    {
        if (offset < 0)
        {
            return null;
        }

        var reader = At(payload, offset);
        return reader.GetString();
    }

    /// <summary>As <see cref="MarkObject"/>, for an array.</summary>
    public static int MarkArray(ref Utf8JsonReader reader, int baseOffset)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return -1;
        }

        RequireStartArray(ref reader);
        var offset = baseOffset + (int)reader.TokenStartIndex;
        reader.Skip();
        return offset;
    }

    /// <summary>Moves to the value of a nested-record member: true at its start, false when null.</summary>
    public static bool EnterObject(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return false;
        }

        RequireStartObject(ref reader);
        return true;
    }

    public static void RequireStartObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw WrongType();
        }
    }

    public static void RequireStartArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw WrongType();
        }
    }

    /// <summary>A reader over a value recorded by <see cref="MarkObject"/>, positioned on its first token.</summary>
    public static Utf8JsonReader At(ReadOnlySpan<byte> payload, int offset)
    {
        var reader = new Utf8JsonReader(payload[offset..], JsonStructureValidator.ReaderOptions);
        reader.Read();
        return reader;
    }
}
