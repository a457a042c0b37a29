using System.Globalization;
using System.Security.Cryptography;
using Authorizer.Core.Credentials;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Signing;
using Authorizer.Core.Store;

namespace Authorizer.Core.Verification;

/// <summary>Alibaba Cloud API Gateway style signatures (<c>X-Ca-*</c>).</summary>
internal sealed class CaSignatureVerifier : ICredentialVerifier
{
    private const string FormContentType = "application/x-www-form-urlencoded";

    private readonly IAppDirectory _directory;
    private readonly IAppStore _store;
    private readonly AuthorizerOptions _options;

    public CaSignatureVerifier(IAppDirectory directory, IAppStore store, AuthorizerOptions options)
    {
        _directory = directory;
        _store = store;
        _options = options;
    }

    public string Scheme => SchemeIds.SignatureCa;

    public async ValueTask<VerificationResult> VerifyAsync(Credential credential, VerificationContext context, CancellationToken cancellationToken)
    {
        if (credential is not CaSignatureCredential)
        {
            return VerificationResult.NoResult;
        }

        var request = context.Request;
        var headers = request.Headers;
        if (!headers.TryGetSingle(CaHeaders.Key, out var appKey) || string.IsNullOrWhiteSpace(appKey))
        {
            return VerificationResult.Fail(ErrorCodes.InvalidCredentials, "X-Ca-Key must be sent exactly once.");
        }

        if (!headers.TryGetSingle(CaHeaders.Signature, out var signatureText) || string.IsNullOrWhiteSpace(signatureText))
        {
            return VerificationResult.Fail(ErrorCodes.InvalidSignature, "X-Ca-Signature is missing.");
        }

        var signature = new byte[64];
        if (!Convert.TryFromBase64String(signatureText.Trim(), signature, out var signatureLength))
        {
            return VerificationResult.Fail(ErrorCodes.InvalidSignature, "X-Ca-Signature is not valid base64.");
        }

        if (headers.CountOf(CaHeaders.SignatureMethod) > 1
            || !CaCanonicalizer.TryParseMethod(headers.GetFirst(CaHeaders.SignatureMethod)?.Trim(), out var method))
        {
            return VerificationResult.Fail(ErrorCodes.AlgorithmNotAllowed, "X-Ca-Signature-Method must be HmacSHA256 or HmacSHA1.");
        }

        if (method == CaSignatureMethod.HmacSha1 && !context.Settings.AllowHmacSha1)
        {
            return VerificationResult.Fail(ErrorCodes.AlgorithmNotAllowed, "HmacSHA1 is not allowed for this API; sign with HmacSHA256.");
        }

        if (!headers.TryGetSingle(CaHeaders.Timestamp, out var timestampText)
            || !long.TryParse(timestampText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var timestampMs))
        {
            return VerificationResult.Fail(ErrorCodes.InvalidTimestamp, "X-Ca-Timestamp must be sent once, as epoch milliseconds.");
        }

        var nowMs = context.Now.ToUnixTimeMilliseconds();
        if (Math.Abs((decimal)nowMs - timestampMs) > (decimal)_options.TimestampWindow.TotalMilliseconds)
        {
            return VerificationResult.Fail(ErrorCodes.TimestampExpired, "Invalid Timestamp: X-Ca-Timestamp is outside the allowed window of 15 minutes.");
        }

        string? nonce = null;
        if (headers.CountOf(CaHeaders.Nonce) > 1)
        {
            return VerificationResult.Fail(ErrorCodes.InvalidNonce, "X-Ca-Nonce must be sent at most once.");
        }

        if (headers.TryGetSingle(CaHeaders.Nonce, out var nonceValue))
        {
            nonce = nonceValue.Trim();
            if (nonce.Length == 0 || nonce.Length > _options.MaxNonceLength)
            {
                return VerificationResult.Fail(ErrorCodes.InvalidNonce, $"X-Ca-Nonce must be 1 to {_options.MaxNonceLength} characters.");
            }
        }
        else if (context.Settings.ReplayProtection == ReplayProtection.Required)
        {
            return VerificationResult.Fail(ErrorCodes.NonceRequired, "X-Ca-Nonce is required for this API.");
        }

        var signedHeaders = CaCanonicalizer.ParseSignedHeaderNames(VerifierMessages.HeaderValueOf(headers, CaHeaders.SignatureHeaders));
        if (signedHeaders.Count > _options.MaxSignedHeaders)
        {
            return VerificationResult.Fail(ErrorCodes.BadRequest, $"X-Ca-Signature-Headers lists more than {_options.MaxSignedHeaders} headers.");
        }

        foreach (var name in signedHeaders)
        {
            if (!headers.Contains(name))
            {
                return VerificationResult.Fail(ErrorCodes.MissingSignedHeader, $"The header '{name}' is listed in X-Ca-Signature-Headers but is not in the request.");
            }
        }

        // An unsigned timestamp or nonce could be swapped by anyone replaying the request.
        if (!signedHeaders.Contains("x-ca-timestamp") || (nonce is not null && !signedHeaders.Contains("x-ca-nonce")))
        {
            return VerificationResult.Fail(ErrorCodes.MissingSignedHeader, "X-Ca-Timestamp and X-Ca-Nonce must be listed in X-Ca-Signature-Headers.");
        }

        var stringToSign = CaCanonicalizer.BuildStringToSign(
            request.Method,
            request.Path,
            request.Query.Pairs,
            signedHeaders,
            name => headers.Contains(name) ? VerifierMessages.HeaderValueOf(headers, name) : null);

        var resolved = await _directory.FindByAppKeyAsync(appKey.Trim(), cancellationToken).ConfigureAwait(false);
        var presented = signature.AsSpan(0, signatureLength).ToArray();
        var match = SecretMatcher.Match(
            SecretMatcher.SecretsOrDummy(resolved),
            context.Now,
            secret => CryptographicOperations.FixedTimeEquals(CaCanonicalizer.ComputeSignatureBytes(stringToSign, secret, method), presented));

        if (resolved is null)
        {
            return VerificationResult.Fail(ErrorCodes.UnknownApp, VerifierMessages.UnknownAppKey);
        }

        if (match == SecretMatch.Expired)
        {
            return VerificationResult.Fail(ErrorCodes.CredentialExpired, VerifierMessages.CredentialExpired);
        }

        if (match == SecretMatch.None)
        {
            return VerificationResult.Fail(ErrorCodes.InvalidSignature, InvalidSignatureMessage(stringToSign, signedHeaders, headers.GetFirst("Content-Type")));
        }

        if (nonce is not null && context.Settings.ReplayProtection != ReplayProtection.Off)
        {
            var recorded = await _store.TryRecordNonceAsync(resolved.App.AppKey, nonce, context.Now + _options.NonceTtl, cancellationToken).ConfigureAwait(false);
            if (!recorded)
            {
                return VerificationResult.Fail(ErrorCodes.NonceUsed, "Nonce Used: this X-Ca-Nonce has already been used.");
            }
        }

        return VerificationResult.Success(resolved);
    }

    private static string InvalidSignatureMessage(string stringToSign, IReadOnlyList<string> signedHeaders, string? contentType)
    {
        var message = VerifierMessages.SignsSensitiveHeader(signedHeaders)
            ? "Invalid Signature (the server StringToSign is not shown because it includes a credential header)."
            : "Invalid Signature, Server StringToSign:`" + CaCanonicalizer.ForDisplay(stringToSign) + "`";
        if (contentType is not null && contentType.TrimStart().StartsWith(FormContentType, StringComparison.OrdinalIgnoreCase))
        {
            message += " Note: form body parameters (application/x-www-form-urlencoded) are part of the string to sign, and an authorizer never receives the body, so they cannot be verified here; send them in the query string or as a non-form body.";
        }

        return message;
    }
}
