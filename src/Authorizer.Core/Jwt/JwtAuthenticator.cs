using System.Security.Cryptography;
using System.Text;
using Authorizer.Core.Decisions;
using Authorizer.Core.Store;
using Authorizer.Core.Tokens;

namespace Authorizer.Core.Jwt;

/// <summary>
/// One JWT through an API's provider: its keys (static, or remote through <see cref="IJwksSource"/> with one refresh
/// for an unknown kid), <see cref="JwtVerifier"/>, <c>jti</c> replay prevention through the store's nonce records, and
/// the claims the backend receives. Shared by every invocation; holds no per-request state.
/// </summary>
internal sealed class JwtAuthenticator(IAppStore store, IJwksSource? jwks)
{
    /// <summary>The nonce scope of JWT ids: apart from every AppKey (AppKeys never hold a colon).</summary>
    internal const string ReplayScope = "jwt:";

    private const string ContextClaimPrefix = "claim_";

    private readonly JwtVerifier _verifier = new();

    public async ValueTask<JwtPass> AuthenticateAsync(string token, JwtProvider provider, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = await VerifyAsync(token, provider, now, cancellationToken).ConfigureAwait(false);
        if (!result.IsValid || result.Claims is not { } claims)
        {
            return JwtPass.Fail(result.ErrorCode ?? ErrorCodes.InvalidToken, result.ErrorMessage ?? "Invalid token.", result.IsBadSignature);
        }

        if (!TryContext(claims, provider, token, out var context, out var contextError))
        {
            return JwtPass.Fail(ErrorCodes.InvalidToken, contextError, badSignature: false);
        }

        return provider.PreventJtiReplay
            ? new JwtPass(true, null, null, false, context, ReplayKey(claims), claims.ExpiresAt!.Value + TimeSpan.FromSeconds(provider.ClockToleranceSeconds))
            : new JwtPass(true, null, null, false, context, null, default);
    }

    /// <summary>
    /// Records the token's jti once the request is otherwise allowed, so a refused request (wrong route, bad app
    /// credential) does not use the token up; false when it was used before.
    /// </summary>
    public async ValueTask<bool> TryRecordAsync(JwtPass pass, CancellationToken cancellationToken) =>
        pass.ReplayKey is not { } key
        || await store.TryRecordNonceAsync(ReplayScope, key, pass.ReplayUntil, cancellationToken).ConfigureAwait(false);

    private async ValueTask<JwtResult> VerifyAsync(string token, JwtProvider provider, DateTimeOffset now, CancellationToken cancellationToken)
    {
        JwtResult? result = null;
        if (provider.StaticKeys is { } keys)
        {
            result = _verifier.Verify(token, provider, keys, now);
            if (result.ErrorCode != ErrorCodes.UnknownKey || !provider.HasRemoteKeys)
            {
                return result;
            }
        }

        if (!provider.HasRemoteKeys)
        {
            return result ?? JwtResult.Failure(ErrorCodes.JwksUnavailable, "The provider's key set is not usable.");
        }

        if (jwks is null)
        {
            return JwtResult.Failure(ErrorCodes.JwksUnavailable, "This authorizer fetches no remote key sets.");
        }

        var lookup = await RemoteKeysAsync(jwks, provider, unknownKid: false, cancellationToken).ConfigureAwait(false);
        if (lookup.Keys is null)
        {
            return JwtResult.Failure(ErrorCodes.JwksUnavailable, provider.DiscoveryIssuer is null
                ? "The provider's key set could not be fetched."
                : "The provider's key set could not be had through its OpenID Connect discovery document.");
        }

        result = _verifier.Verify(token, provider, lookup.Keys, now);
        if (result.ErrorCode != ErrorCodes.UnknownKey || lookup.Refreshed)
        {
            return result;
        }

        // A kid we do not know may be a rotated-in key: one refresh (rate-limited by the source), then the verdict.
        var refreshed = await RemoteKeysAsync(jwks, provider, unknownKid: true, cancellationToken).ConfigureAwait(false);
        return refreshed.Refreshed && refreshed.Keys is { } fresh ? _verifier.Verify(token, provider, fresh, now) : result;
    }

    private static ValueTask<JwksLookup> RemoteKeysAsync(IJwksSource source, JwtProvider provider, bool unknownKid, CancellationToken cancellationToken) =>
        provider.DiscoveryIssuer is { } issuer
            ? source.DiscoverAsync(issuer, unknownKid, cancellationToken)
            : source.GetAsync(provider.JwksUri!, unknownKid, cancellationToken);

    /// <summary>Issuer and jti hashed: bounded whatever their length, and one issuer's ids never collide with another's.</summary>
    private static string ReplayKey(JwtClaims claims)
    {
        var text = Encoding.UTF8.GetBytes((claims.Issuer ?? string.Empty) + "\n" + claims.Jti);
        return Base64UrlStrict.Encode(SHA256.HashData(text));
    }

    private static bool TryContext(JwtClaims claims, JwtProvider provider, string token, out IReadOnlyList<KeyValuePair<string, string>> context, out string error)
    {
        error = string.Empty;
        if (provider.ClaimsToContext.Count == 0 && !provider.PassToken)
        {
            context = [];
            return true;
        }

        var list = new List<KeyValuePair<string, string>>(provider.ClaimsToContext.Count + 1);
        foreach (var name in provider.ClaimsToContext)
        {
            if (claims.GetText(name) is not { } value)
            {
                continue;
            }

            if (value.Length > JwtLimits.MaxContextValueLength)
            {
                context = [];
                error = $"The token's {name} claim is longer than {JwtLimits.MaxContextValueLength} characters and cannot be passed to the backend.";
                return false;
            }

            list.Add(KeyValuePair.Create(ContextClaimPrefix + name, value));
        }

        if (provider.PassToken)
        {
            list.Add(KeyValuePair.Create("jwt", token));
        }

        context = list;
        return true;
    }
}

/// <summary>A JWT's verdict: the claims for the context, or why it was refused.</summary>
internal sealed record JwtPass(
    bool Ok,
    string? ErrorCode,
    string? ErrorMessage,
    bool IsBadSignature,
    IReadOnlyList<KeyValuePair<string, string>> Context,
    string? ReplayKey,
    DateTimeOffset ReplayUntil)
{
    /// <summary>The pass of a request let in without a token (<see cref="JwtSettings.BypassEmptyToken"/>).</summary>
    public static readonly JwtPass Anonymous = new(true, null, null, false, [KeyValuePair.Create("anonymous", "true")], null, default);

    /// <summary>A single-use token: its Allow names the request's ARN only and a cached authorizer refuses it.</summary>
    public bool PerRequest => ReplayKey is not null;

    public static JwtPass Fail(string code, string message, bool badSignature) => new(false, code, message, badSignature, [], null, default);
}
