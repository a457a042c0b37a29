namespace Authorizer.Backend;

/// <summary>The codes the backend checks answer with, beside the authorizer's own (<c>Authorizer.Core.Decisions.ErrorCodes</c>).</summary>
public static class BackendErrorCodes
{
    /// <summary><c>Content-MD5</c> or <c>X-Sdk-Content-Sha256</c> does not match the body, or is malformed or repeated.</summary>
    public const string BodyIntegrity = "body_integrity";

    public const string BodyTooLarge = "body_too_large";

    /// <summary>The payload is not an API Gateway proxy event this library reads.</summary>
    public const string InvalidEvent = "invalid_event";
}
