namespace Authorizer.Functions;

/// <summary>
/// An internal failure (store unreachable, engine error). API Gateway answers 500; the message is generic
/// because the cause's text could hold request data.
/// </summary>
public sealed class AuthorizerFailureException : Exception
{
    public const string GenericMessage = "Internal authorizer error";

    public AuthorizerFailureException()
        : base(GenericMessage)
    {
    }

    public AuthorizerFailureException(string message)
        : base(message)
    {
    }

    public AuthorizerFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
