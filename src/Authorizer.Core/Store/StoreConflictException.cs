namespace Authorizer.Core.Store;

/// <summary>A write lost an optimistic-concurrency check or broke a uniqueness rule.</summary>
public sealed class StoreConflictException : Exception
{
    public StoreConflictException()
    {
    }

    public StoreConflictException(string message)
        : base(message)
    {
    }

    public StoreConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
