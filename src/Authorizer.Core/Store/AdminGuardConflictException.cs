namespace Authorizer.Core.Store;

/// <summary>
/// Another write that could take management access away committed after this one's check read the store: the
/// check's answer may be stale, so the caller decides again on fresh reads.
/// </summary>
public sealed class AdminGuardConflictException : Exception
{
    public AdminGuardConflictException()
        : base("Another change to an admin app committed first.")
    {
    }

    public AdminGuardConflictException(string message)
        : base(message)
    {
    }

    public AdminGuardConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
