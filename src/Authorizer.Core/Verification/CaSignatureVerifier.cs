using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Authorizer.Core.Credentials;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Requests;
using Authorizer.Core.Signing;
using Authorizer.Core.Store;

namespace Authorizer.Core.Verification;

/// <summary>Alibaba Cloud API Gateway style signatures (<c>X-Ca-*</c>).</summary>
internal sealed class CaSignatureVerifier : ICredentialVerifier
{
    private readonly IAppDirectory _directory;
    // Null only in a backend completing a deferral, which never records a nonce (the authorizer did).
    private readonly ReplayGuard? _replay;
    private readonly AuthorizerOptions _options;
    private readonly Int128 _windowWholeMs;

    public CaSignatureVerifier(IAppDirectory directory, IAppStore? store, AuthorizerOptions options)
    {
        _directory = directory;
        _replay = store is null ? null : new ReplayGuard(store, options);
        _options = options;

        // The timestamp is whole milliseconds, so "further than the window" is "further than the window's whole part".
        _windowWholeMs = (Int128)decimal.Floor((decimal)options.TimestampWindow.TotalMilliseconds);
    }

    public string Scheme => SchemeIds.SignatureCa;

    [SkipLocalsInit]
    public ValueTask<VerificationResult> VerifyAsync(Credential credential, VerificationContext context, CancellationToken cancellationToken)
    {
        if (credential is not CaSignatureCredential)
        {
            return new(VerificationResult.NoResult);
        }

        var request = context.Request;
        var headers = request.Headers;
        var appKeys = headers.GetAll(CaHeaders.Key);
        if (appKeys.Count != 1 || string.IsNullOrWhiteSpace(appKeys[0]))
        {
            return Fail(ErrorCodes.InvalidCredentials, "X-Ca-Key must be sent exactly once.");
        }

        if (!headers.TryGetSingle(CaHeaders.Signature, out var signatureText) || string.IsNullOrWhiteSpace(signatureText))
        {
            return Fail(ErrorCodes.InvalidSignature, "X-Ca-Signature is missing.");
        }

        Span<byte> signature = stackalloc byte[64];
        if (!Convert.TryFromBase64Chars(signatureText.AsSpan().Trim(), signature, out var signatureLength))
        {
            return Fail(ErrorCodes.InvalidSignature, "X-Ca-Signature is not valid base64.");
        }

        var methods = headers.GetAll(CaHeaders.SignatureMethod);
        if (methods.Count > 1
            || !CaCanonicalizer.TryParseMethod(methods.Count == 0 ? null : methods[0].Trim(), out var method))
        {
            return Fail(ErrorCodes.AlgorithmNotAllowed, "X-Ca-Signature-Method must be HmacSHA256 or HmacSHA1.");
        }

        if (method == CaSignatureMethod.HmacSha1 && !context.Settings.AllowHmacSha1)
        {
            return Fail(ErrorCodes.AlgorithmNotAllowed, "HmacSHA1 is not allowed for this API; sign with HmacSHA256.");
        }

        var timestamps = headers.GetAll(CaHeaders.Timestamp);
        if (timestamps.Count != 1
            || !long.TryParse(timestamps[0].AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var timestampMs))
        {
            return Fail(ErrorCodes.InvalidTimestamp, "X-Ca-Timestamp must be sent once, as epoch milliseconds.");
        }

        if (Int128.Abs((Int128)context.Now.ToUnixTimeMilliseconds() - timestampMs) > _windowWholeMs)
        {
            return Fail(ErrorCodes.TimestampExpired, "Invalid Timestamp: X-Ca-Timestamp is outside the allowed window of 15 minutes.");
        }

        string? nonce = null;
        var nonces = headers.GetAll(CaHeaders.Nonce);
        if (nonces.Count > 1)
        {
            return Fail(ErrorCodes.InvalidNonce, "X-Ca-Nonce must be sent at most once.");
        }

        if (nonces.Count == 1)
        {
            nonce = nonces[0].Trim();
            if (nonce.Length == 0 || nonce.Length > _options.MaxNonceLength)
            {
                return Fail(ErrorCodes.InvalidNonce, $"X-Ca-Nonce must be 1 to {_options.MaxNonceLength} characters.");
            }
        }
        else if (context.Settings.ReplayProtection == ReplayProtection.Required)
        {
            return Fail(ErrorCodes.NonceRequired, "X-Ca-Nonce is required for this API.");
        }

        var scratch = default(HeaderNameList);
        IReadOnlyList<string>[]? signedValues = null;
        try
        {
            var signedHeaders = SignedHeaderNames(headers, ref scratch);
            if (signedHeaders.Length > _options.MaxSignedHeaders)
            {
                return Fail(ErrorCodes.BadRequest, $"X-Ca-Signature-Headers lists more than {_options.MaxSignedHeaders} headers.");
            }

            // Each signed header's values are looked up once: here to check presence, then for the string to sign.
            signedValues = ArrayPool<IReadOnlyList<string>>.Shared.Rent(Math.Max(signedHeaders.Length, 1));
            for (var i = 0; i < signedHeaders.Length; i++)
            {
                var values = signedHeaders[i] switch
                {
                    "x-ca-key" => appKeys,
                    "x-ca-timestamp" => timestamps,
                    "x-ca-nonce" => nonces,
                    "x-ca-signature-method" => methods,
                    var name => headers.GetAll(name),
                };
                if (values.Count == 0)
                {
                    return Fail(ErrorCodes.MissingSignedHeader, $"The header '{signedHeaders[i]}' is listed in X-Ca-Signature-Headers but is not in the request.");
                }

                signedValues[i] = values;
            }

            // An unsigned timestamp or nonce could be swapped by anyone replaying the request.
            if (!Contains(signedHeaders, "x-ca-timestamp") || (nonce is not null && !Contains(signedHeaders, "x-ca-nonce")))
            {
                return Fail(ErrorCodes.MissingSignedHeader, "X-Ca-Timestamp and X-Ca-Nonce must be listed in X-Ca-Signature-Headers.");
            }

            // Form fields join the query in the string to sign, and only the backend receives them.
            var deferred = context.MayDefer && SignedBody.IsForm(headers.GetFirst("Content-Type")) && SignedBody.IsAnnounced(headers);
            var lookup = _directory.FindByAppKeyAsync(appKeys[0].Trim(), context.Now, cancellationToken);
            if (!lookup.IsCompletedSuccessfully)
            {
                return VerifyAfterLookupAsync(lookup, context, signedHeaders.ToArray(), signature[..signatureLength].ToArray(), method, nonce, timestampMs, deferred, cancellationToken);
            }

            var outcome = deferred
                ? DeferredChecks.Check(lookup.Result, context.Now, signatureLength == DigestLength(method))
                : Check(lookup.Result, context, signedHeaders, new PrefetchedRequestHeaders(headers, signedValues), signature[..signatureLength], method);
            return outcome.Status == VerificationStatus.Success
                ? RecordNonce(outcome, context, nonce, timestampMs, cancellationToken)
                : new(outcome);
        }
        finally
        {
            if (signedValues is not null)
            {
                ArrayPool<IReadOnlyList<string>>.Shared.Return(signedValues, clearArray: true);
            }

            scratch.Dispose();
        }
    }

    /// <summary>The sorted, distinct signed header names, parsed into <paramref name="scratch"/>.</summary>
    private static ReadOnlySpan<string> SignedHeaderNames(HeaderMap headers, ref HeaderNameList scratch)
    {
        var values = headers.GetAll(CaHeaders.SignatureHeaders);
        for (var i = 0; i < values.Count; i++)
        {
            CaCanonicalizer.AddSignedHeaderNames(values[i], ref scratch);
        }

        scratch.SortDistinct();
        return scratch.Items;
    }

    private static bool Contains(ReadOnlySpan<string> names, string name)
    {
        foreach (var item in names)
        {
            if (string.Equals(item, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static ValueTask<VerificationResult> Fail(string code, string message) => new(VerificationResult.Fail(code, message));

    private async ValueTask<VerificationResult> VerifyAfterLookupAsync(
        ValueTask<ResolvedApp?> lookup,
        VerificationContext context,
        string[] signedHeaders,
        byte[] presented,
        CaSignatureMethod method,
        string? nonce,
        long timestampMs,
        bool deferred,
        CancellationToken cancellationToken)
    {
        var resolved = await lookup.ConfigureAwait(false);
        var outcome = deferred
            ? DeferredChecks.Check(resolved, context.Now, presented.Length == DigestLength(method))
            : Check(resolved, context, signedHeaders, new RequestHeaders(context.Request.Headers), presented, method);
        return outcome.Status == VerificationStatus.Success
            ? await RecordNonce(outcome, context, nonce, timestampMs, cancellationToken).ConfigureAwait(false)
            : outcome;
    }

    /// <summary>The signature against every secret of the app (or the dummy secret), then the app's own checks.</summary>
    [SkipLocalsInit]
    private static VerificationResult Check<THeaders>(
        ResolvedApp? resolved,
        VerificationContext context,
        ReadOnlySpan<string> signedHeaders,
        THeaders headers,
        ReadOnlySpan<byte> presented,
        CaSignatureMethod method)
        where THeaders : ICanonicalHeaders
    {
        var request = context.Request;
        var text = new CanonicalText(stackalloc char[512]);
        try
        {
            CaCanonicalizer.WriteStringToSign(ref text, request.Method, request.Path, Parameters(context), signedHeaders, headers);
            var algorithm = method == CaSignatureMethod.HmacSha1 ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
            Span<byte> mac = stackalloc byte[32];
            var match = SecretMatch.None;
            var secrets = SecretMatcher.SecretsOrDummy(resolved);
            for (var i = 0; i < secrets.Count; i++)
            {
                var secret = secrets[i];
                var length = ReusedHashes.Hmac(algorithm, secret.Secret, text.Written, mac);
                match = SecretMatcher.Combine(match, secret, context.Now, CryptographicOperations.FixedTimeEquals(mac[..length], presented));
            }

            if (resolved is null)
            {
                return VerificationResult.WrongSecret(ErrorCodes.UnknownApp, VerifierMessages.UnknownAppKey);
            }

            return match switch
            {
                SecretMatch.Usable => VerificationResult.Success(resolved),
                SecretMatch.Expired => VerificationResult.Fail(ErrorCodes.CredentialExpired, VerifierMessages.CredentialExpired),
                _ => VerificationResult.WrongSecret(
                    ErrorCodes.InvalidSignature,
                    InvalidSignatureMessage(text.ToString(), signedHeaders, context.CompletesDeferral ? null : request.Headers.GetFirst("Content-Type"))),
            };
        }
        finally
        {
            text.Dispose();
        }
    }

    /// <summary>The query parameters, and when a backend completes a form request, the form fields after them.</summary>
    private static IReadOnlyList<KeyValuePair<string, string>> Parameters(VerificationContext context)
    {
        var query = context.Request.Query.Pairs;
        var form = context.Body?.FormFields;
        return form is null || form.Count == 0 ? query : [.. query, .. form];
    }

    private static int DigestLength(CaSignatureMethod method) => method == CaSignatureMethod.HmacSha1 ? 20 : 32;

    private ValueTask<VerificationResult> RecordNonce(VerificationResult success, VerificationContext context, string? nonce, long timestampMs, CancellationToken cancellationToken)
    {
        // A completed deferral's nonce was recorded by the authorizer when it let the request through.
        if (nonce is null || context.Settings.ReplayProtection == ReplayProtection.Off || context.CompletesDeferral)
        {
            return new(success);
        }

        // The timestamp passed the window check, so it is a representable instant.
        var signedAt = DateTimeOffset.FromUnixTimeMilliseconds(timestampMs);
        return (_replay ?? throw new InvalidOperationException("No store to record nonces in.")).RecordAsync(success, nonce, signedAt, context.Now, "Nonce Used: this X-Ca-Nonce has already been used.", cancellationToken);
    }

    private static string InvalidSignatureMessage(string stringToSign, ReadOnlySpan<string> signedHeaders, string? contentType)
    {
        var message = VerifierMessages.SignsSensitiveHeader(signedHeaders)
            ? "Invalid Signature (the server StringToSign is not shown because it includes a credential header)."
            : "Invalid Signature, Server StringToSign:`" + CaCanonicalizer.ForDisplay(stringToSign) + "`";
        if (SignedBody.IsForm(contentType))
        {
            message += " Note: form body parameters (application/x-www-form-urlencoded) are part of the string to sign, and an authorizer never receives the body, so they cannot be verified here; send them in the query string or as a non-form body, or set the API's bodySignatures to backend and verify in the backend with Authorizer.Backend.";
        }

        return message;
    }
}
