using Authorizer.Core.Model;
using Authorizer.Core.Requests;

namespace Authorizer.Core.Verification;

/// <param name="Body">
/// Null in the authorizer, which never receives the body. Set when a backend completes a deferred signature
/// (<see cref="BodySignatureVerifier"/>): the signature is then checked over the body, and the nonce, already
/// recorded by the authorizer, is not recorded again.
/// </param>
internal readonly record struct VerificationContext(AuthRequest Request, ApiSettings Settings, DateTimeOffset Now, SignedBody? Body = null)
{
    public bool CompletesDeferral => Body is not null;

    /// <summary>True when a signature over a body the authorizer cannot see is to be left to the backend.</summary>
    public bool MayDefer => Body is null && Settings.BodySignatures == BodySignatureMode.Backend;
}
