using System.CommandLine;

namespace Authorizer.Local.Commands;

/// <summary>
/// Refuses option-like words where a command takes a positional argument. The parser hands an unknown
/// <c>--crul</c> to a free-text argument such as <c>sign</c>'s METHOD, and its own typo suggestions only cover
/// tokens that nothing consumed, so this check suggests the nearest option itself.
/// </summary>
internal static class OptionLikeValues
{
    public static void Refuse(Command command)
    {
        foreach (var argument in command.Arguments)
        {
            argument.Validators.Add(result =>
            {
                foreach (var token in result.Tokens)
                {
                    var value = token.Value;
                    if (value.Length > 1 && value[0] == '-')
                    {
                        var suggestion = Nearest(value, command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)));
                        result.AddError(suggestion is null
                            ? $"Unrecognized option '{value}'. See {command.Name} --help."
                            : $"Unrecognized option '{value}'. Did you mean '{suggestion}'?");
                    }
                }
            });
        }
    }

    /// <summary>The option name within a small edit distance (at most a third of the word, and at least 2), if any.</summary>
    internal static string? Nearest(string word, IEnumerable<string> names)
    {
        string? best = null;
        var bestDistance = Math.Max(2, word.Length / 3) + 1;
        foreach (var name in names)
        {
            var distance = Distance(word, name);
            if (distance < bestDistance)
            {
                best = name;
                bestDistance = distance;
            }
        }

        return best;
    }

    // Optimal string alignment distance: a swap of two neighbours (--crul for --curl) counts as one edit.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
