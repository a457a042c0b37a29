using Authorizer.Core.Decisions;
using Authorizer.Core.Store;
using Authorizer.Core.Verification;

namespace Authorizer.Backend;

/// <summary>
/// The checks a protected function runs before it reads the body: the digest headers against the body, and, when
/// the authorizer deferred a signature over the body (context <c>deferred</c>), the full signature again with the
/// body, from the request and the app's secret (through the same directory, cache and decryption as the
/// authorizer). Build one per container and share it: it holds no per-request state.
/// </summary>
public sealed class BackendVerifier
{
    private readonly BodySignatureVerifier _signatures;

    /// <param name="directory">The authorizer's read model: the same store, cache and KMS or local secret decryption.</param>
    /// <param name="time">The clock; the system clock when null.</param>
    /// <param name="options">Body limits; <see cref="BackendOptions.Default"/> when null.</param>
    /// <param name="authorizerOptions">The authorizer's windows and limits; <see cref="AuthorizerOptions.Default"/> when null.</param>
    public BackendVerifier(IAppDirectory directory, TimeProvider? time = null, BackendOptions? options = null, AuthorizerOptions? authorizerOptions = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Options = options ?? BackendOptions.Default;
        _signatures = new BodySignatureVerifier(directory, time ?? TimeProvider.System, authorizerOptions);
    }

    public BackendOptions Options { get; }

    /// <summary>Reads a proxy event and checks it; the request is null when the event itself was refused.</summary>
    public async ValueTask<(BackendVerdict Verdict, ProxyRequest? Request)> VerifyEventAsync(ReadOnlyMemory<byte> eventJson, CancellationToken cancellationToken = default)
    {
        if (!ProxyEventReader.TryRead(eventJson.Span, Options, out var request, out var refusal))
        {
            return (refusal, null);
        }

        return (await VerifyAsync(request, cancellationToken).ConfigureAwait(false), request);
    }

    public async ValueTask<BackendVerdict> VerifyAsync(ProxyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Body.Length > Options.MaxBodyBytes)
        {
            return BackendVerdict.Refused(413, BackendErrorCodes.BodyTooLarge, $"The body is larger than {Options.MaxBodyBytes} bytes.");
        }

        if (BodyIntegrityCheck.Check(request.Headers, request.Body.Span) is { } problem)
        {
            return BackendVerdict.Refused(400, BackendErrorCodes.BodyIntegrity, problem);
        }

        // Only the authorizer writes the context (API Gateway builds it from the authorizer's answer), so a
        // request without the entry had its whole credential verified there.
        if (!request.AuthorizerContext.TryGetValue(DeferredSignature.ContextKey, out var scheme))
        {
            return BackendVerdict.Allowed(completedDeferral: false);
        }

        request.AuthorizerContext.TryGetValue("appId", out var appId);
        var result = await _signatures.VerifyAsync(request.ToAuthRequest(), request.Body, scheme, appId, cancellationToken).ConfigureAwait(false);
        return result.IsValid
            ? BackendVerdict.Allowed(completedDeferral: true)
            : BackendVerdict.Refused(403, result.ErrorCode!, result.Message!);
    }
}
