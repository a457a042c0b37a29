using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Authorizer.Core.Credentials;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Signing;
using Authorizer.Core.Store;

namespace Authorizer.Core.Verification;

/// <summary>Huawei Cloud APIG app signing (<c>SDK-HMAC-SHA256</c>).</summary>
internal sealed class SdkSignatureVerifier : ICredentialVerifier
{
    /// <summary>Marks a signature recorded as a nonce; longer than any X-Ca-Nonce, so the two never collide.</summary>
    internal const string SignatureNoncePrefix = "sdk-signature-sha256:";

    private readonly IAppDirectory _directory;
    private readonly AuthorizerOptions _options;
    // Null only in a backend completing a deferral, which never records a nonce (the authorizer did).
    private readonly ReplayGuard? _replay;

    public SdkSignatureVerifier(IAppDirectory directory, IAppStore? store, AuthorizerOptions options)
    {
        _directory = directory;
        _options = options;
        _replay = store is null ? null : new ReplayGuard(store, options);
    }

    public string Scheme => SchemeIds.SignatureSdk;

    [SkipLocalsInit]
    public ValueTask<VerificationResult> VerifyAsync(Credential credential, VerificationContext context, CancellationToken cancellationToken)
    {
        if (credential is not SdkSignatureCredential sdk)
        {
            return new(VerificationResult.NoResult);
        }

        var signedHeaders = default(HeaderNameList);
        try
        {
            if (!SdkCanonicalizer.TryParseAuthorization(sdk.Authorization, out var appKey, out var signatureRange, ref signedHeaders))
            {
                return Fail(
                    ErrorCodes.InvalidCredentials,
                    "The Authorization header must read 'SDK-HMAC-SHA256 Access=<AppKey>, SignedHeaders=<h1;h2>, Signature=<hex>'.");
            }

            if (signedHeaders.Count > _options.MaxSignedHeaders)
            {
                return Fail(ErrorCodes.BadRequest, $"SignedHeaders lists more than {_options.MaxSignedHeaders} headers.");
            }

            if (!signedHeaders.Contains("host") || !signedHeaders.Contains("x-sdk-date"))
            {
                return Fail(ErrorCodes.MissingSignedHeader, "SignedHeaders must include host and x-sdk-date.");
            }

            var request = context.Request;
            var headers = request.Headers;
            if (!headers.TryGetSingle(SdkCanonicalizer.DateHeader, out var dateText)
                || !SdkCanonicalizer.TryParseDate(dateText.Trim(), out var date))
            {
                return Fail(ErrorCodes.InvalidTimestamp, "X-Sdk-Date must be sent once, as yyyyMMddTHHmmssZ (UTC).");
            }

            if ((context.Now - date).Duration() > _options.TimestampWindow)
            {
                return Fail(ErrorCodes.TimestampExpired, "X-Sdk-Date is outside the allowed window of 15 minutes.");
            }

            foreach (var name in signedHeaders.Items)
            {
                if (!headers.Contains(name))
                {
                    return Fail(ErrorCodes.MissingSignedHeader, $"The header '{name}' is listed in SignedHeaders but is not in the request.");
                }
            }

            // Without X-Sdk-Content-Sha256 the signature covers the body's hash, which only the backend can compute.
            var deferred = false;
            if (context.Body is null && SignedBody.IsAnnounced(headers) && !headers.Contains(SdkCanonicalizer.ContentSha256Header))
            {
                if (!context.MayDefer)
                {
                    return Fail(
                        ErrorCodes.InvalidSignature,
                        "The request has a body but no X-Sdk-Content-Sha256 header: an authorizer never receives the body, so a request with a body must carry X-Sdk-Content-Sha256 (the hex SHA-256 of the body, or UNSIGNED-PAYLOAD) and sign it, or the API must set bodySignatures to backend and its backend verify the body with Authorizer.Backend.");
                }

                deferred = true;
            }

            var signature = sdk.Authorization.AsSpan()[signatureRange];
            Span<byte> presented = stackalloc byte[32];
            presented.Clear();
            var signatureValid = signature.Length == 64
                && Convert.FromHexString(signature, presented, out _, out var written) == System.Buffers.OperationStatus.Done
                && written == 32;

            var lookup = _directory.FindByAppKeyAsync(appKey, context.Now, cancellationToken);
            if (!lookup.IsCompletedSuccessfully)
            {
                return VerifyAfterLookupAsync(lookup, context, signedHeaders.ToArray(), dateText, date, presented.ToArray(), signatureValid, deferred, cancellationToken);
            }

            var outcome = deferred
                ? DeferredChecks.Check(lookup.Result, context.Now, signatureValid)
                : Check(lookup.Result, context, signedHeaders.Items, dateText, presented, signatureValid);
            return outcome.Status == VerificationStatus.Success
                ? RecordSignature(outcome, context, date, presented, cancellationToken)
                : new(outcome);
        }
        finally
        {
            signedHeaders.Dispose();
        }
    }

    private static ValueTask<VerificationResult> Fail(string code, string message) => new(VerificationResult.Fail(code, message));

    private async ValueTask<VerificationResult> VerifyAfterLookupAsync(
        ValueTask<ResolvedApp?> lookup,
        VerificationContext context,
        string[] signedHeaders,
        string dateText,
        DateTimeOffset date,
        byte[] presented,
        bool signatureValid,
        bool deferred,
        CancellationToken cancellationToken)
    {
        var resolved = await lookup.ConfigureAwait(false);
        var outcome = deferred
            ? DeferredChecks.Check(resolved, context.Now, signatureValid)
            : Check(resolved, context, signedHeaders, dateText, presented, signatureValid);
        return outcome.Status == VerificationStatus.Success
            ? await RecordSignature(outcome, context, date, presented, cancellationToken).ConfigureAwait(false)
            : outcome;
    }

    /// <summary>
    /// The Huawei scheme has no nonce, so under <c>required</c> replay protection the signature stands in for one:
    /// the same signature twice is the same request twice. Its hash is recorded (no signature is stored), keyed by
    /// the bytes so that upper- and lower-case hex count as one.
    /// </summary>
    private ValueTask<VerificationResult> RecordSignature(
        VerificationResult success,
        VerificationContext context,
        DateTimeOffset date,
        ReadOnlySpan<byte> presented,
        CancellationToken cancellationToken)
    {
        // A completed deferral was recorded by the authorizer when it let the request through.
        if (context.Settings.ReplayProtection != ReplayProtection.Required || context.CompletesDeferral)
        {
            return new(success);
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(presented, hash);
        var nonce = SignatureNoncePrefix + Convert.ToHexStringLower(hash);
        return (_replay ?? throw new InvalidOperationException("No store to record nonces in.")).RecordAsync(success, nonce, date, context.Now, "Signature Used: this request was already accepted; sign each request anew.", cancellationToken);
    }

    /// <summary>The signature against every secret of the app (or the dummy secret), then the app's own checks.</summary>
    [SkipLocalsInit]
    private static VerificationResult Check(
        ResolvedApp? resolved,
        VerificationContext context,
        ReadOnlySpan<string> signedHeaders,
        string dateText,
        ReadOnlySpan<byte> presented,
        bool signatureValid)
    {
        var request = context.Request;
        var canonical = new CanonicalText(stackalloc char[512]);
        var stringToSign = new CanonicalText(stackalloc char[128]);
        try
        {
            SdkCanonicalizer.WriteCanonicalRequest(ref canonical, request.Method, request.Path, request.Query.Pairs, signedHeaders, new RequestHeaders(request.Headers), context.Body?.Sha256Hex);
            SdkCanonicalizer.WriteStringToSign(ref stringToSign, dateText.AsSpan().Trim(), canonical.Written);
            Span<byte> mac = stackalloc byte[32];
            var match = SecretMatch.None;
            var secrets = SecretMatcher.SecretsOrDummy(resolved);
            for (var i = 0; i < secrets.Count; i++)
            {
                var secret = secrets[i];
                var length = ReusedHashes.Hmac(HashAlgorithmName.SHA256, secret.Secret, stringToSign.Written, mac);
                match = SecretMatcher.Combine(match, secret, context.Now, CryptographicOperations.FixedTimeEquals(mac[..length], presented) && signatureValid);
            }

            if (resolved is null)
            {
                return VerificationResult.WrongSecret(ErrorCodes.UnknownApp, VerifierMessages.UnknownAppKey);
            }

            if (match == SecretMatch.Expired)
            {
                return VerificationResult.Fail(ErrorCodes.CredentialExpired, VerifierMessages.CredentialExpired);
            }

            if (match == SecretMatch.None)
            {
                var message = VerifierMessages.SignsSensitiveHeader(signedHeaders)
                    ? "Invalid signature (the server CanonicalRequest is not shown because it includes a credential header)."
                    : "Invalid signature, server CanonicalRequest:`" + CaCanonicalizer.ForDisplay(canonical.ToString()) + "`";
                return VerificationResult.WrongSecret(ErrorCodes.InvalidSignature, message);
            }

            return VerificationResult.Success(resolved);
        }
        finally
        {
            stringToSign.Dispose();
            canonical.Dispose();
        }
    }
}
