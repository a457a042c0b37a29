using Authorizer.Core.Store;

namespace Authorizer.Core.Verification;

internal enum VerificationStatus
{
    NoResult,
    Fail,
    Success,
}

/// <summary>
/// A verifier's answer: not its scheme, a failure with a stable code, or the verified app. A failure is a
/// <see cref="IsSecretGuess"/> when a presented secret, signature, AppCode or token signature was checked and
/// did not match: only those feed the failure throttle, so that replays, stale timestamps or malformed headers
/// (which anyone holding one captured request can send) cannot lock an app or an address out.
/// A <see cref="IsDeferred"/> success passed every check but the signature itself, which covers a body the authorizer
/// never receives: only an API with <c>bodySignatures: backend</c> gets one, and the backend must complete it.
/// </summary>
internal readonly record struct VerificationResult(VerificationStatus Status, string? ErrorCode, string? ErrorMessage, ResolvedApp? App, bool IsSecretGuess = false, bool IsDeferred = false)
{
    public static readonly VerificationResult NoResult = new(VerificationStatus.NoResult, null, null, null);

    public static VerificationResult Fail(string code, string message) => new(VerificationStatus.Fail, code, message, null);

    /// <summary>A failed comparison of a presented secret (or of a signature made with one): a guess the throttle counts.</summary>
    public static VerificationResult WrongSecret(string code, string message) => new(VerificationStatus.Fail, code, message, null, IsSecretGuess: true);

    public static VerificationResult Success(ResolvedApp app) => new(VerificationStatus.Success, null, null, app);

    /// <summary>Every check passed except the signature over the body, which the backend completes.</summary>
    public static VerificationResult Deferred(ResolvedApp app) => new(VerificationStatus.Success, null, null, app, IsDeferred: true);
}
