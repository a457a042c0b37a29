using Authorizer.Core.Store;
using Microsoft.AspNetCore.Builder;

namespace Authorizer.Backend.AspNetCore;

public static class BackendVerificationExtensions
{
    /// <summary>
    /// Adds the backend checks to the pipeline, before anything that reads the body. One verifier serves every
    /// request; <paramref name="directory"/> is the authorizer's read model (same store, cache and decryption).
    /// </summary>
    public static IApplicationBuilder UseBackendVerification(
        this IApplicationBuilder app,
        IAppDirectory directory,
        Action<BackendVerificationOptions> configure,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new BackendVerificationOptions();
        configure(options);
        var verifier = new BackendVerifier(directory, time, options.Limits);
        return app.UseMiddleware<BackendVerificationMiddleware>(verifier, options);
    }
}
