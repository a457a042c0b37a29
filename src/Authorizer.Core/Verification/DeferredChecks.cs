using Authorizer.Core.Decisions;
using Authorizer.Core.Store;

namespace Authorizer.Core.Verification;

/// <summary>
/// What the authorizer checks of a signature it defers to the backend, after the verifier's header, timestamp,
/// nonce and signed-header rules: the AppKey is known, the signature has the algorithm's length, and the app has
/// a secret in force. The HMAC itself waits for the body.
/// </summary>
internal static class DeferredChecks
{
    public static VerificationResult Check(ResolvedApp? resolved, DateTimeOffset now, bool signatureWellFormed)
    {
        if (resolved is null)
        {
            return VerificationResult.WrongSecret(ErrorCodes.UnknownApp, VerifierMessages.UnknownAppKey);
        }

        if (!signatureWellFormed)
        {
            return VerificationResult.Fail(ErrorCodes.InvalidSignature, "The signature does not have the length of the signing algorithm's digest.");
        }

        var secrets = resolved.Secrets;
        for (var i = 0; i < secrets.Count; i++)
        {
            if (secrets[i].IsUsableAt(now))
            {
                return VerificationResult.Deferred(resolved);
            }
        }

        return VerificationResult.Fail(ErrorCodes.CredentialExpired, VerifierMessages.CredentialExpired);
    }
}
