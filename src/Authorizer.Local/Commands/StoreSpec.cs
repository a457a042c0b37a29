namespace Authorizer.Local.Commands;

/// <summary>Where a local run keeps its apps, as given by <c>--store</c>.</summary>
internal enum StoreKind
{
    /// <summary><c>sqlite:PATH</c>: an SQLite file (the default, <c>sqlite:.authorizer/local.db</c>).</summary>
    Sqlite,

    /// <summary><c>dynamodb:local</c> (in memory) or <c>dynamodb:local:persist</c>: DynamoDB Local started by the runner.</summary>
    DynamoDbLocal,

    /// <summary><c>dynamodb:URL</c>: any endpoint speaking the DynamoDB protocol.</summary>
    DynamoDbEndpoint,

    /// <summary><c>dynamodb:aws</c> or <c>dynamodb:aws:TABLE</c>: the real service, standard credential chain and region.</summary>
    DynamoDbAws,
}

/// <summary>A parsed <c>--store</c> value.</summary>
internal sealed record StoreSpec(StoreKind Kind, string? Path = null, Uri? Endpoint = null, string? TableName = null, bool Persist = false)
{
    public const string Forms = "sqlite:PATH, dynamodb:local, dynamodb:local:persist, dynamodb:URL or dynamodb:aws[:TABLE]";

    /// <summary>The table a local run uses unless <c>dynamodb:aws:TABLE</c> names another.</summary>
    public const string DefaultTableName = "authorizer-local";

    public static StoreSpec Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? spec : spec[..colon];
        var target = colon < 0 ? string.Empty : spec[(colon + 1)..];
        return kind switch
        {
            "sqlite" => target.Length > 0 ? new StoreSpec(StoreKind.Sqlite, Path: target) : throw new UsageException("--store sqlite:PATH needs a file path"),
            "dynamodb" => ParseDynamoDb(target),
            _ => throw new UsageException($"--store: expected {Forms}, got '{spec}'"),
        };
    }

    private static StoreSpec ParseDynamoDb(string target)
    {
        switch (target)
        {
            case "local":
                return new StoreSpec(StoreKind.DynamoDbLocal, TableName: DefaultTableName);
            case "local:persist":
                return new StoreSpec(StoreKind.DynamoDbLocal, TableName: DefaultTableName, Persist: true);
            case "aws":
                return new StoreSpec(StoreKind.DynamoDbAws, TableName: DefaultTableName);
            default:
                break;
        }

        if (target.StartsWith("aws:", StringComparison.Ordinal))
        {
            var table = target["aws:".Length..];
            return IsTableName(table)
                ? new StoreSpec(StoreKind.DynamoDbAws, TableName: table)
                : throw new UsageException($"--store dynamodb:aws:TABLE: '{table}' is not a DynamoDB table name (3-255 letters, digits, '_', '-', '.')");
        }

        if (target.StartsWith("local:", StringComparison.Ordinal))
        {
            throw new UsageException($"--store: dynamodb:local takes only ':persist' (data under .authorizer/), got '{target}'");
        }

        return Uri.TryCreate(target, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? new StoreSpec(StoreKind.DynamoDbEndpoint, Endpoint: url, TableName: DefaultTableName)
            : throw new UsageException(
                $"--store dynamodb:… expects local, local:persist, aws, aws:TABLE or an http(s) URL such as dynamodb:http://127.0.0.1:8000, got '{target}'");
    }

    private static bool IsTableName(string name) =>
        name.Length is >= 3 and <= 255 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
