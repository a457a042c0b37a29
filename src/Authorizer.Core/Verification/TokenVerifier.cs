using Authorizer.Core.Credentials;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Store;
using Authorizer.Core.Tokens;

namespace Authorizer.Core.Verification;

/// <summary>Tokens from the management API: signature and lifetime by the validator, then the app and revocation here.</summary>
internal sealed class TokenVerifier : ICredentialVerifier
{
    private const int MaxTokenLength = 4096;

    private readonly IAppDirectory _directory;
    private readonly IAppStore _store;
    private readonly ITokenValidator? _tokens;

    public TokenVerifier(IAppDirectory directory, IAppStore store, ITokenValidator? tokens)
    {
        _directory = directory;
        _store = store;
        _tokens = tokens;
    }

    public string Scheme => SchemeIds.Token;

    public async ValueTask<VerificationResult> VerifyAsync(Credential credential, VerificationContext context, CancellationToken cancellationToken)
    {
        if (credential is not TokenCredential token)
        {
            return VerificationResult.NoResult;
        }

        if (_tokens is null)
        {
            return VerificationResult.Fail(ErrorCodes.SchemeNotAllowed, "Tokens are not accepted: no token keys are configured for this authorizer.");
        }

        if (token.Token.Length == 0 || token.Token.Length > MaxTokenLength)
        {
            return VerificationResult.Fail(ErrorCodes.InvalidToken, "Invalid token.");
        }

        var result = _tokens.Validate(token.Token);
        if (!result.IsValid || string.IsNullOrEmpty(result.AppId))
        {
            var code = result.ErrorCode ?? ErrorCodes.InvalidToken;
            var message = result.ErrorMessage ?? "Invalid token.";
            return result.IsBadSignature ? VerificationResult.WrongSecret(code, message) : VerificationResult.Fail(code, message);
        }

        var resolved = await _directory.FindByAppIdAsync(result.AppId, cancellationToken).ConfigureAwait(false);
        if (resolved is null)
        {
            return VerificationResult.Fail(ErrorCodes.UnknownApp, "The token's app no longer exists.");
        }

        if (IsCutOff(resolved, result, context.Now))
        {
            return VerificationResult.Fail(ErrorCodes.TokenRevoked, "The token was issued before the app's tokens were revoked (by a secret reset or by revoking all its tokens).");
        }

        if (string.IsNullOrEmpty(result.Jti))
        {
            return VerificationResult.Fail(ErrorCodes.InvalidToken, "Invalid token: it carries no jti.");
        }

        if (await _store.IsTokenRevokedAsync(result.Jti, cancellationToken).ConfigureAwait(false))
        {
            return VerificationResult.Fail(ErrorCodes.TokenRevoked, "The token has been revoked.");
        }

        return VerificationResult.Success(resolved);
    }

    /// <summary>
    /// A step of its own after the signature check (which a verified-token cache may answer): the cutoff is read
    /// from the app record, which the directory caches, so it costs no store call.
    /// </summary>
    private static bool IsCutOff(ResolvedApp app, TokenValidationResult token, DateTimeOffset now) =>
        TokenCutoffs.Refuses(app.App.TokenCutoffs, token.IssuedAt, now);
}
