namespace Authorizer.Functions.Settings;

/// <summary>The configuration is invalid; the message names each offending variable and what it must be.</summary>
public sealed class AuthorizerSettingsException : Exception
{
    public AuthorizerSettingsException()
        : base("Invalid configuration.")
    {
    }

    public AuthorizerSettingsException(string message)
        : base(message)
    {
    }

    public AuthorizerSettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal AuthorizerSettingsException(IReadOnlyList<string> variables, IReadOnlyList<string> problems)
        : base("Invalid configuration: " + string.Join(" ", problems))
    {
        Variables = variables;
    }

    /// <summary>The variables whose values were rejected.</summary>
    public IReadOnlyList<string> Variables { get; } = [];
}
