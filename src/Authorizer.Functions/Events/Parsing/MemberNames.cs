using System.Text;
using System.Text.Json;

namespace Authorizer.Functions.Events.Parsing;

/// <summary>
/// The member names one contract object declares, each member's name looked up once: an unescaped name (every
/// name API Gateway writes) is compared by length, then bytes; an escaped one by unescaped text, as the contracts
/// match names (case-sensitively).
/// </summary>
internal sealed class MemberNames
{
    private readonly byte[][] _names;

    public MemberNames(params string[] names)
    {
        if (names.Length > 32)
        {
            throw new ArgumentException("At most 32 names: each is a bit of the seen set.", nameof(names));
        }

        _names = [.. names.Select(Encoding.UTF8.GetBytes)];
    }

    /// <summary>The index of the current property name, or -1 when the contract does not declare it.</summary>
    public int Find(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            var name = reader.ValueSpan;
            for (var i = 0; i < _names.Length; i++)
            {
                if (_names[i].Length == name.Length && name.SequenceEqual(_names[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        for (var i = 0; i < _names.Length; i++)
        {
            if (reader.ValueTextEquals(_names[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
