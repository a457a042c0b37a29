using Authorizer.Core.Credentials;
using Authorizer.Core.Decisions;
using Authorizer.Core.Requests;
using Authorizer.Core.Store;

namespace Authorizer.Core.Verification;

/// <summary>
/// Completes, in the backend, a signature the authorizer deferred because it covers the body (an API with
/// <c>bodySignatures: backend</c>). The request is verified again from scratch by the scheme's own verifier, this
/// time with the body: the Huawei canonical request with the body's SHA-256, the Alibaba string to sign with the
/// form fields. Nothing is taken from the authorizer but the scheme that was deferred and the app it let in.
/// Safe to share between concurrent requests.
/// </summary>
public sealed class BodySignatureVerifier
{
    private readonly IAppDirectory _directory;
    private readonly TimeProvider _time;
    private readonly AuthorizerOptions _options;
    private readonly Dictionary<string, ICredentialVerifier> _verifiers;

    /// <param name="directory">The authorizer's read model (same store, cache and secret decryption).</param>
    /// <param name="time">The clock; the timestamp window is checked again.</param>
    /// <param name="options">The authorizer's windows and limits; <see cref="AuthorizerOptions.Default"/> when null.</param>
    public BodySignatureVerifier(IAppDirectory directory, TimeProvider time, AuthorizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(time);
        options ??= AuthorizerOptions.Default;
        _directory = directory;
        _time = time;
        _options = options;

        // No store: a completion never records a nonce, the authorizer did when it let the request through.
        ICredentialVerifier[] verifiers =
        [
            new CaSignatureVerifier(directory, store: null, options),
            new SdkSignatureVerifier(directory, store: null, options),
        ];
        _verifiers = verifiers.ToDictionary(v => v.Scheme, StringComparer.Ordinal);
    }

    /// <summary>Verifies the request's signature over <paramref name="body"/>.</summary>
    /// <param name="request">The request as the backend received it (the same path, query and headers the authorizer saw).</param>
    /// <param name="body">The body's bytes as received (base64 already decoded).</param>
    /// <param name="deferredScheme">The scheme id the authorizer deferred (the context's <c>deferred</c> entry).</param>
    /// <param name="appId">The app the authorizer let in (the context's <c>appId</c>); the signature must be that app's.</param>
    public async ValueTask<BodySignatureResult> VerifyAsync(
        AuthRequest request,
        ReadOnlyMemory<byte> body,
        string deferredScheme,
        string? appId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(deferredScheme);
        if (!_verifiers.TryGetValue(deferredScheme, out var verifier))
        {
            return BodySignatureResult.Fail(ErrorCodes.UnsupportedScheme, $"The authorizer deferred '{deferredScheme}', which has no signature over a body.");
        }

        if (RequestHygiene.Check(request, _options) is { } problem)
        {
            return BodySignatureResult.Fail(ErrorCodes.BadRequest, problem);
        }

        var extraction = CredentialExtractor.Extract(request);
        if (extraction.Status != ExtractionStatus.Found || extraction.Credential is not { } credential)
        {
            return BodySignatureResult.Fail(ErrorCodes.AmbiguousCredentials, extraction.Message ?? "The request does not carry exactly one credential.");
        }

        if (!string.Equals(credential.Scheme, deferredScheme, StringComparison.Ordinal))
        {
            return BodySignatureResult.Fail(ErrorCodes.InvalidCredentials, $"The authorizer deferred a {deferredScheme} signature but the request carries {credential.Scheme}.");
        }

        var settings = await _directory.GetApiSettingsAsync(request.Target.ApiId, cancellationToken).ConfigureAwait(false);
        var signedBody = SignedBody.From(body.Span, request.Headers.GetFirst("Content-Type"));
        var context = new VerificationContext(request, settings, _time.GetUtcNow(), signedBody);
        var result = await verifier.VerifyAsync(credential, context, cancellationToken).ConfigureAwait(false);
        if (result.Status != VerificationStatus.Success || result.App is null)
        {
            return BodySignatureResult.Fail(result.ErrorCode ?? ErrorCodes.InvalidSignature, result.ErrorMessage ?? "The signature was not accepted.");
        }

        var app = result.App.App;
        if (appId is not null && !string.Equals(app.AppId, appId, StringComparison.Ordinal))
        {
            return BodySignatureResult.Fail(ErrorCodes.InvalidCredentials, "The signature is not that of the app the authorizer let in.");
        }

        return app.IsEnabled
            ? BodySignatureResult.Verified(app.AppId)
            : BodySignatureResult.Fail(ErrorCodes.AppDisabled, "The app is disabled.");
    }
}

/// <summary>The outcome of <see cref="BodySignatureVerifier"/>: verified for an app, or a failure with a stable code.</summary>
public sealed record BodySignatureResult
{
    private BodySignatureResult(bool isValid, string? appId, string? errorCode, string? message)
    {
        IsValid = isValid;
        AppId = appId;
        ErrorCode = errorCode;
        Message = message;
    }

    public bool IsValid { get; }

    public string? AppId { get; }

    /// <summary>One of <see cref="ErrorCodes"/> when not valid.</summary>
    public string? ErrorCode { get; }

    public string? Message { get; }

    public static BodySignatureResult Verified(string appId) => new(true, appId, null, null);

    public static BodySignatureResult Fail(string errorCode, string message) => new(false, null, errorCode, message);
}
