namespace Authorizer.Local.Commands;

/// <summary>The store given by <c>--store</c> cannot be used; the message says why and what to try, without a stack trace.</summary>
internal sealed class StoreStartupException : Exception
{
    public StoreStartupException()
    {
    }

    public StoreStartupException(string message)
        : base(message)
    {
    }

    public StoreStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
