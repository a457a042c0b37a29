namespace Authorizer.Core.Store;

/// <summary>The app already holds as many AppCodes as the add allowed; nothing was written.</summary>
public sealed class AppCodeLimitException : Exception
{
    public AppCodeLimitException()
        : base("The app already holds the most AppCodes allowed.")
    {
    }

    public AppCodeLimitException(string message)
        : base(message)
    {
    }

    public AppCodeLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
