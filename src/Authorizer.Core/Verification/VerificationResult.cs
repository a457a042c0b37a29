using Authorizer.Core.Store;

namespace Authorizer.Core.Verification;

internal enum VerificationStatus
{
    NoResult,
    Fail,
    Success,
}

/// <summary>A verifier's answer: not its scheme, a failure with a stable code, or the verified app.</summary>
internal readonly record struct VerificationResult(VerificationStatus Status, string? ErrorCode, string? ErrorMessage, ResolvedApp? App)
{
    public static readonly VerificationResult NoResult = new(VerificationStatus.NoResult, null, null, null);

    public static VerificationResult Fail(string code, string message) => new(VerificationStatus.Fail, code, message, null);

    public static VerificationResult Success(ResolvedApp app) => new(VerificationStatus.Success, null, null, app);
}
