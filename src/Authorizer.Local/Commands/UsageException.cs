namespace Authorizer.Local.Commands;

/// <summary>The command line asks for something the command cannot do: printed as <c>error: …</c>, exit 2.</summary>
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
