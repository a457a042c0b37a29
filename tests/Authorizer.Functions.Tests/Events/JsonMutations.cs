using System.Globalization;
using System.Text;
using System.Text.Json;
using Authorizer.Functions.Events;

namespace Authorizer.Functions.Tests.Events;

/// <summary>How one member of one object of an event is changed.</summary>
internal enum MutationKind
{
    DuplicateSameValue,
    DuplicateEscapedName,
    EscapeName,
    ValueNull,
    ValueNumber,
    ValueTrue,
    ValueString,
    ValueEmptyObject,
    ValueEmptyArray,
    ValueArrayOfNumber,
    ValueObjectOfNumber,
    ValueInvalidUtf8String,
    RenameToInvalidUtf8,
}

/// <summary>
/// Rewrites a JSON document as text, member by member, applying one <see cref="MutationKind"/> to one member
/// (objects numbered in document order, members by position), so duplicate and escaped names, which no DOM can
/// hold, can be produced.
/// </summary>
internal static class JsonMutations
{
    public static int CountMembers(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Sum(p => 1 + CountMembers(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Sum(CountMembers),
        _ => 0,
    };

    /// <summary>The document with member number <paramref name="target"/> (document order) changed.</summary>
    public static byte[] Mutate(JsonElement root, int target, MutationKind kind)
    {
        var output = new List<byte>();
        var counter = 0;
        Write(root, output, target, kind, ref counter);
        return [.. output];
    }

    /// <summary>Every character as a <c>\uXXXX</c> escape.</summary>
    public static string EscapeAll(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    private static void Write(JsonElement element, List<byte> output, int target, MutationKind kind, ref int counter)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                output.Add((byte)'{');
                var first = true;
                foreach (var property in element.EnumerateObject())
                {
                    var index = counter++;
                    if (!first)
                    {
                        output.Add((byte)',');
                    }

                    first = false;
                    if (index != target)
                    {
                        Name(output, Quote(property.Name));
                        Write(property.Value, output, target, kind, ref counter);
                        continue;
                    }

                    WriteMutated(property, output, target, kind, ref counter);
                }

                output.Add((byte)'}');
                break;
            case JsonValueKind.Array:
                output.Add((byte)'[');
                var firstItem = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!firstItem)
                    {
                        output.Add((byte)',');
                    }

                    firstItem = false;
                    Write(item, output, target, kind, ref counter);
                }

                output.Add((byte)']');
                break;
            default:
                output.AddRange(Encoding.UTF8.GetBytes(element.GetRawText()));
                break;
        }
    }

    private static void WriteMutated(JsonProperty property, List<byte> output, int target, MutationKind kind, ref int counter)
    {
        var quoted = Quote(property.Name);
        switch (kind)
        {
            case MutationKind.DuplicateSameValue:
            case MutationKind.DuplicateEscapedName:
                var before = counter;
                Name(output, quoted);
                Write(property.Value, output, target, kind, ref counter);
                output.Add((byte)',');
                counter = before;
                Name(output, kind == MutationKind.DuplicateEscapedName ? "\"" + EscapeAll(property.Name) + "\"" : quoted);
                Write(property.Value, output, target, kind, ref counter);
                return;
            case MutationKind.EscapeName:
                Name(output, "\"" + EscapeAll(property.Name) + "\"");
                Write(property.Value, output, target, kind, ref counter);
                return;
            case MutationKind.RenameToInvalidUtf8:
                output.Add((byte)'"');
                output.AddRange(Encoding.UTF8.GetBytes(property.Name));
                output.Add(0xFF);
                output.Add((byte)'"');
                output.Add((byte)':');
                Write(property.Value, output, target, kind, ref counter);
                return;
        }

        Name(output, quoted);
        counter += CountMembers(property.Value);
        var replacement = kind switch
        {
            MutationKind.ValueNull => "null"u8.ToArray(),
            MutationKind.ValueNumber => "42"u8.ToArray(),
            MutationKind.ValueTrue => "true"u8.ToArray(),
            MutationKind.ValueString => "\"text\""u8.ToArray(),
            MutationKind.ValueEmptyObject => "{}"u8.ToArray(),
            MutationKind.ValueEmptyArray => "[]"u8.ToArray(),
            MutationKind.ValueArrayOfNumber => "[1]"u8.ToArray(),
            MutationKind.ValueObjectOfNumber => "{\"k\":1}"u8.ToArray(),
            _ => [(byte)'"', (byte)'a', 0xC3, (byte)'"'],
        };
        output.AddRange(replacement);
    }

    private static void Name(List<byte> output, string quoted)
    {
        output.AddRange(Encoding.UTF8.GetBytes(quoted));
        output.Add((byte)':');
    }

    private static string Quote(string text) => JsonSerializer.Serialize(text, FunctionsJsonContext.Default.String);
}
