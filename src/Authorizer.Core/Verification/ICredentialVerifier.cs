using Authorizer.Core.Credentials;

namespace Authorizer.Core.Verification;

/// <summary>Verifies the credentials of one scheme; answers NoResult for any other scheme.</summary>
internal interface ICredentialVerifier
{
    string Scheme { get; }

    ValueTask<VerificationResult> VerifyAsync(Credential credential, VerificationContext context, CancellationToken cancellationToken);
}
