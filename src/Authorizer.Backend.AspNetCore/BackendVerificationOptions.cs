using Microsoft.AspNetCore.Http;

namespace Authorizer.Backend.AspNetCore;

/// <summary>Options of <see cref="BackendVerificationMiddleware"/>.</summary>
public sealed class BackendVerificationOptions
{
    /// <summary>
    /// Reads the gateway context of a request (for example from the proxy event the Lambda adapter keeps in
    /// <see cref="HttpContext.Items"/>). Required: without it no deferred signature could be seen, so the middleware
    /// refuses to start. Returning null means the request reached the host without API Gateway and is refused.
    /// </summary>
    public Func<HttpContext, GatewayContext?>? Gateway { get; set; }

    /// <summary>Body limit and other limits of the checks.</summary>
    public BackendOptions Limits { get; set; } = BackendOptions.Default;
}
