using System.CommandLine;

namespace Authorizer.Local.Commands;

/// <summary>Options several commands declare; each command adds the ones it accepts and nothing else.</summary>
internal static class CommonOptions
{
    public static Option<string> Template() => new("--template")
    {
        Description = "The SAM template (default: template.yaml in this folder or above).",
        HelpName = "FILE",
    };

    /// <summary>A string handed as written to the store-spec parser (<see cref="LocalStore.OpenAsync(string?, TimeProvider, CancellationToken, string?)"/>).</summary>
    public static Option<string> Store() => new("--store")
    {
        Description = $"Where apps live: sqlite:PATH, dynamodb:local (DynamoDB Local started by the runner; dynamodb:local:persist keeps its data), dynamodb:URL (any DynamoDB endpoint) or dynamodb:aws[:TABLE] (default {LocalStore.DefaultSpec}).",
        HelpName = "SPEC",
    };

    public static Option<string> Seed() => new("--seed")
    {
        Description = "A seed file of API settings and apps to add (existing apps and API settings are kept).",
        HelpName = "FILE",
    };

    public static Option<string> Event() => new("--event")
    {
        Description = "The event to send: a file, or - for stdin (default {}).",
        HelpName = "FILE|-",
    };

    public static Option<string> EnvVars() => new("--env-vars")
    {
        Description = "SAM's environment file: {\"LogicalId\": {\"VAR\": \"value\"}, \"Parameters\": {…}}.",
        HelpName = "FILE",
    };
}
