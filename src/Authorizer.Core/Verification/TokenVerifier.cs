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
    private readonly TokenRevocationCache? _revocations;

    /// <param name="revocations">Null: the store is asked about every token on every call.</param>
    public TokenVerifier(IAppDirectory directory, IAppStore store, ITokenValidator? tokens, TokenRevocationCache? revocations)
    {
        _directory = directory;
        _store = store;
        _tokens = tokens;
        _revocations = revocations;
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

        var result = _tokens.Validate(token.Token.Span, context.Now);
        if (!result.IsValid || string.IsNullOrEmpty(result.AppId))
        {
            var code = result.ErrorCode ?? ErrorCodes.InvalidToken;
            var message = result.ErrorMessage ?? "Invalid token.";
            return result.IsBadSignature ? VerificationResult.WrongSecret(code, message) : VerificationResult.Fail(code, message);
        }

        var resolved = await _directory.FindByAppIdAsync(result.AppId, context.Now, cancellationToken).ConfigureAwait(false);
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

        if (await IsRevokedAsync(result, context.Now, cancellationToken).ConfigureAwait(false))
        {
            return VerificationResult.Fail(ErrorCodes.TokenRevoked, "The token has been revoked.");
        }

        return VerificationResult.Success(resolved);
    }

    /// <summary>
    /// The store's revocation answer, or the container's copy of it no older than the cache's staleness bound: this
    /// read is what made a repeat token cost a store round trip on every call.
    /// </summary>
    private ValueTask<bool> IsRevokedAsync(TokenValidationResult token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var jti = token.Jti!;
        if (_revocations is null)
        {
            return new ValueTask<bool>(_store.IsTokenRevokedAsync(jti, cancellationToken));
        }

        return _revocations.TryGet(jti, now, out var revoked) ? new ValueTask<bool>(revoked) : ReadAndRememberAsync(jti, token.ExpiresAt + Es256TokenValidator.Leeway, now, cancellationToken);
    }

    private async ValueTask<bool> ReadAndRememberAsync(string jti, DateTimeOffset tokenValidUntil, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var revoked = await _store.IsTokenRevokedAsync(jti, cancellationToken).ConfigureAwait(false);
        _revocations!.Remember(jti, revoked, now, tokenValidUntil);
        return revoked;
    }

    /// <summary>
    /// A step of its own after the signature check (which a verified-token cache may answer): the cutoff is read
    /// from the app record, which the directory caches, so it costs no store call.
    /// </summary>
    private static bool IsCutOff(ResolvedApp app, TokenValidationResult token, DateTimeOffset now) =>
        TokenCutoffs.Refuses(app.App.TokenCutoffs, token.IssuedAt, now);
}
