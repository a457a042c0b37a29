using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace Authorizer.Functions.Events.Parsing;

/// <summary>
/// The checks the contract deserializer applies to one value, on the reader's current token:
/// the same JSON types accepted (null is always allowed), and every string or dictionary key must decode to
/// text, as it would have to become a <see cref="string"/> there. Nothing is allocated.
/// </summary>
internal static class JsonChecks
{
    private const int StackChars = 256;

    public static InvalidEventException WrongType() =>
        new("The event is not valid JSON for its kind (syntax error, duplicate property, wrong value type or nesting too deep).");

    public static string? CurrentString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw WrongType(),
    };

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

    /// <summary>The string recorded by <see cref="EventCursor.MarkString"/>; null for -1.</summary>
    public static string? StringAt(ReadOnlySpan<byte> payload, int offset)
    {
        if (offset < 0)
        {
            return null;
        }

        var reader = At(payload, offset);
        return reader.GetString();
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

    /// <summary>A reader over the value starting at <paramref name="offset"/>, positioned on its first token.</summary>
    public static Utf8JsonReader At(ReadOnlySpan<byte> payload, int offset)
    {
        var reader = new Utf8JsonReader(payload[offset..], EventCursor.ReaderOptions);
        reader.Read();
        return reader;
    }
}
