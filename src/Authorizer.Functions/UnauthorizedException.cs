namespace Authorizer.Functions;

/// <summary>
/// Fails a REST authorizer invocation so that API Gateway answers 401: its message is exactly
/// <c>Unauthorized</c>, which is what API Gateway matches on.
/// </summary>
public sealed class UnauthorizedException : Exception
{
    public const string ExactMessage = "Unauthorized";

    public UnauthorizedException()
        : base(ExactMessage)
    {
    }
}
