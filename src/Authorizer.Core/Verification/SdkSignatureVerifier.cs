using System.Globalization;
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
    private readonly IAppDirectory _directory;
    private readonly AuthorizerOptions _options;

    public SdkSignatureVerifier(IAppDirectory directory, AuthorizerOptions options)
    {
        _directory = directory;
        _options = options;
    }

    public string Scheme => SchemeIds.SignatureSdk;

    public async ValueTask<VerificationResult> VerifyAsync(Credential credential, VerificationContext context, CancellationToken cancellationToken)
    {
        if (credential is not SdkSignatureCredential sdk)
        {
            return VerificationResult.NoResult;
        }

        if (!SdkCanonicalizer.TryParseAuthorization(sdk.Authorization, out var authorization))
        {
            return VerificationResult.Fail(
                ErrorCodes.InvalidCredentials,
                "The Authorization header must read 'SDK-HMAC-SHA256 Access=<AppKey>, SignedHeaders=<h1;h2>, Signature=<hex>'.");
        }

        var signedHeaders = authorization.SignedHeaders;
        if (signedHeaders.Count > _options.MaxSignedHeaders)
        {
            return VerificationResult.Fail(ErrorCodes.BadRequest, $"SignedHeaders lists more than {_options.MaxSignedHeaders} headers.");
        }

        if (!signedHeaders.Contains("host") || !signedHeaders.Contains("x-sdk-date"))
        {
            return VerificationResult.Fail(ErrorCodes.MissingSignedHeader, "SignedHeaders must include host and x-sdk-date.");
        }

        var request = context.Request;
        var headers = request.Headers;
        if (!headers.TryGetSingle(SdkCanonicalizer.DateHeader, out var dateText)
            || !SdkCanonicalizer.TryParseDate(dateText.Trim(), out var date))
        {
            return VerificationResult.Fail(ErrorCodes.InvalidTimestamp, "X-Sdk-Date must be sent once, as yyyyMMddTHHmmssZ (UTC).");
        }

        if ((context.Now - date).Duration() > _options.TimestampWindow)
        {
            return VerificationResult.Fail(ErrorCodes.TimestampExpired, "X-Sdk-Date is outside the allowed window of 15 minutes.");
        }

        foreach (var name in signedHeaders)
        {
            if (!headers.Contains(name))
            {
                return VerificationResult.Fail(ErrorCodes.MissingSignedHeader, $"The header '{name}' is listed in SignedHeaders but is not in the request.");
            }
        }

        if (HasBody(headers) && !headers.Contains(SdkCanonicalizer.ContentSha256Header))
        {
            return VerificationResult.Fail(
                ErrorCodes.InvalidSignature,
                "The request has a body but no X-Sdk-Content-Sha256 header: an authorizer never receives the body, so a request with a body must carry X-Sdk-Content-Sha256 (the hex SHA-256 of the body, or UNSIGNED-PAYLOAD) and sign it.");
        }

        var presented = new byte[32];
        var signatureValid = authorization.Signature.Length == 64
            && Convert.FromHexString(authorization.Signature, presented, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == 32;

        var canonicalRequest = SdkCanonicalizer.BuildCanonicalRequest(
            request.Method,
            request.Path,
            request.Query.Pairs,
            signedHeaders,
            name => headers.Contains(name) ? VerifierMessages.HeaderValueOf(headers, name) : null);
        var stringToSign = SdkCanonicalizer.BuildStringToSign(dateText.Trim(), canonicalRequest);

        var resolved = await _directory.FindByAppKeyAsync(authorization.AppKey, cancellationToken).ConfigureAwait(false);
        var match = SecretMatcher.Match(
            SecretMatcher.SecretsOrDummy(resolved),
            context.Now,
            secret => CryptographicOperations.FixedTimeEquals(SdkCanonicalizer.ComputeSignatureBytes(stringToSign, secret), presented) && signatureValid);

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
            var message = VerifierMessages.SignsSensitiveHeader(signedHeaders)
                ? "Invalid signature (the server CanonicalRequest is not shown because it includes a credential header)."
                : "Invalid signature, server CanonicalRequest:`" + CaCanonicalizer.ForDisplay(canonicalRequest) + "`";
            return VerificationResult.Fail(ErrorCodes.InvalidSignature, message);
        }

        return VerificationResult.Success(resolved);
    }

    private static bool HasBody(Requests.HeaderMap headers)
    {
        if (headers.Contains("Transfer-Encoding"))
        {
            return true;
        }

        foreach (var value in headers.GetAll("Content-Length"))
        {
            if (!long.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > 0)
            {
                return true;
            }
        }

        return false;
    }
}
