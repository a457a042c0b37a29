namespace Authorizer.Local.Commands;

/// <summary>Options (<c>--name value</c>, <c>--flag</c>, repeatable <c>-H</c>) and positional arguments.</summary>
internal sealed class ParsedArgs
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "--curl", "--json", "--jit" };

    public List<string> Positionals { get; } = [];

    public Dictionary<string, List<string>> Options { get; } = new(StringComparer.Ordinal);

    public string? Get(string name) => Options.TryGetValue(name, out var values) ? values[^1] : null;

    public string Require(string name) => Get(name) ?? throw new UsageException($"{name} is required");

    public IReadOnlyList<string> All(string name) => Options.TryGetValue(name, out var values) ? values : [];

    public bool Has(string name) => Options.ContainsKey(name);

    public int GetInt(string name, int fallback)
    {
        var text = Get(name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value <= 65535
            ? value
            : throw new UsageException($"{name}: expected a port number, got '{text}'");
    }

    internal static bool IsFlag(string name) => Flags.Contains(name);
}

internal static class ArgParser
{
    public static ParsedArgs Parse(IReadOnlyList<string> args)
    {
        var parsed = new ParsedArgs();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "-" || !arg.StartsWith('-'))
            {
                parsed.Positionals.Add(arg);
                continue;
            }

            var name = arg switch
            {
                "-H" => "--header",
                "-d" => "--data",
                _ => arg,
            };
            string value;
            if (ParsedArgs.IsFlag(name))
            {
                value = "true";
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException($"{arg} needs a value");
            }

            if (!parsed.Options.TryGetValue(name, out var values))
            {
                parsed.Options[name] = values = [];
            }

            values.Add(value);
        }

        return parsed;
    }
}

internal sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
