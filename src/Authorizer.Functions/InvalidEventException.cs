namespace Authorizer.Functions;

/// <summary>
/// The invocation payload is not a usable event (too large, malformed, missing its ARN). The invocation fails
/// with this message, which never quotes the payload.
/// </summary>
public sealed class InvalidEventException : Exception
{
    public InvalidEventException()
        : base("Invalid event.")
    {
    }

    public InvalidEventException(string message)
        : base("Invalid event: " + message)
    {
    }

    public InvalidEventException(string message, Exception innerException)
        : base("Invalid event: " + message, innerException)
    {
    }

    /// <summary>The bytes read before an oversized event was refused (at most the size limit), for ARN recovery.</summary>
    internal ReadOnlyMemory<byte> ReadPrefix { get; init; }
}
