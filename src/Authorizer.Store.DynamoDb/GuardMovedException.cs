namespace Authorizer.Store.DynamoDb;

/// <summary>A guard item moved between a read and the transaction conditioned on it; the store reads again.</summary>
internal sealed class GuardMovedException : Exception
{
    public GuardMovedException()
    {
    }

    public GuardMovedException(string message)
        : base(message)
    {
    }

    public GuardMovedException(Exception innerException)
        : base("A guard item moved since it was read.", innerException)
    {
    }

    public GuardMovedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
