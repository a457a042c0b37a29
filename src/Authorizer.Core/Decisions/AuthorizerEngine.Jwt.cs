using Authorizer.Core.Credentials;
using Authorizer.Core.Jwt;
using Authorizer.Core.Model;
using Authorizer.Core.Requests;

namespace Authorizer.Core.Decisions;

/// <summary>
/// The decision on an API with a JWT plug-in (<see cref="ApiSettings.Jwt"/>). The token is found where the settings put
/// it, then the mode decides: <c>jwt</c> takes only the token, <c>app_or_jwt</c> exactly one of an app credential or a
/// token, <c>app_and_jwt</c> both. A caller let in by a token alone is the provider's app: that app's status and route
/// authorizations apply, as for any app. No credential at all is 401 (or the anonymous caller under
/// <see cref="JwtSettings.BypassEmptyToken"/>).
/// </summary>
public sealed partial class AuthorizerEngine
{
    private const string SingleUseNotCacheable =
        "This API accepts each JWT once (jti replay prevention), which a cached authorizer cannot honour; call the route through the uncached authorizer.";

    private async ValueTask<AuthDecision> AuthorizeWithJwtAsync(AuthRequest request, ApiSettings settings, JwtSettings jwt, CancellationToken cancellationToken)
    {
        var arn = request.Target.Arn;
        var lookup = JwtTokenLocator.Find(request, jwt);
        if (lookup.Status == JwtTokenStatus.Ambiguous)
        {
            return AuthDecision.Deny(arn, ErrorCodes.AmbiguousCredentials, lookup.Message!, SchemeIds.Jwt);
        }

        if (lookup.Status == JwtTokenStatus.Malformed)
        {
            return AuthDecision.Deny(arn, ErrorCodes.InvalidToken, lookup.Message!, SchemeIds.Jwt);
        }

        var extraction = CredentialExtractor.Extract(request, skipAuthorization: lookup.UsesAuthorization);
        var hasToken = lookup.Status == JwtTokenStatus.Found;
        var hasApp = extraction.Status != ExtractionStatus.None;
        switch (jwt.Mode)
        {
            case JwtMode.Jwt when hasApp:
                return AuthDecision.Deny(arn, ErrorCodes.SchemeNotAllowed, "This API accepts only JWTs from its identity provider.", SchemeIds.Jwt);
            case JwtMode.AppOrJwt when hasApp && hasToken:
                return AuthDecision.Deny(arn, ErrorCodes.AmbiguousCredentials, "The request carries an app credential and a JWT; this API takes one of them.", SchemeIds.Jwt);
            case JwtMode.AppOrJwt when hasApp:
                return await AuthorizeCredentialAsync(request, extraction, settings, null, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            case JwtMode.AppAndJwt when !hasApp:
                return AuthDecision.Unauthorized();
            case JwtMode.AppAndJwt when !hasToken:
                return jwt.BypassEmptyToken
                    ? await AuthorizeCredentialAsync(request, extraction, settings, null, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false)
                    : AuthDecision.Unauthorized();
            case JwtMode.AppAndJwt:
                return await AuthorizeBothAsync(request, extraction, settings, jwt, lookup.Token, cancellationToken).ConfigureAwait(false);
            default:
                break;
        }

        if (!hasToken)
        {
            return jwt.BypassEmptyToken
                ? await AllowProviderAsync(request, jwt, JwtPass.Anonymous, cancellationToken).ConfigureAwait(false)
                : AuthDecision.Unauthorized();
        }

        if (jwt.Provider.PreventJtiReplay && _options.ServesResultCache)
        {
            return AuthDecision.Deny(arn, ErrorCodes.SchemeNotCacheable, SingleUseNotCacheable, SchemeIds.Jwt);
        }

        var pass = await _jwt.AuthenticateAsync(lookup.Token, jwt.Provider, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return pass.Ok
            ? await AllowProviderAsync(request, jwt, pass, cancellationToken).ConfigureAwait(false)
            : AuthDecision.Deny(arn, pass.ErrorCode!, pass.ErrorMessage!, SchemeIds.Jwt);
    }

    /// <summary>Double authentication: the token first (no store call when it fails), then the app's whole path with the token's claims.</summary>
    private async ValueTask<AuthDecision> AuthorizeBothAsync(
        AuthRequest request,
        ExtractionResult extraction,
        ApiSettings settings,
        JwtSettings jwt,
        string token,
        CancellationToken cancellationToken)
    {
        var pass = await _jwt.AuthenticateAsync(token, jwt.Provider, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return pass.Ok
            ? await AuthorizeCredentialAsync(request, extraction, settings, pass, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false)
            : AuthDecision.Deny(request.Target.Arn, pass.ErrorCode!, pass.ErrorMessage!, SchemeIds.Jwt);
    }

    /// <summary>The provider's app as principal: its status and route authorizations decide, as for any app.</summary>
    private async ValueTask<AuthDecision> AllowProviderAsync(AuthRequest request, JwtSettings jwt, JwtPass pass, CancellationToken cancellationToken)
    {
        var arn = request.Target.Arn;
        var resolved = jwt.Provider.AppId is { } appId ? await _directory.FindByAppIdAsync(appId, cancellationToken).ConfigureAwait(false) : null;
        if (resolved is null)
        {
            return AuthDecision.Deny(arn, ErrorCodes.UnknownApp, "The app of this API's JWT provider does not exist.", SchemeIds.Jwt);
        }

        var app = resolved.App;
        if (!app.IsEnabled)
        {
            return AuthDecision.Deny(arn, ErrorCodes.AppDisabled, "The app of this API's JWT provider is disabled.", SchemeIds.Jwt);
        }

        var now = _time.GetUtcNow();
        var authorizations = await _directory.GetAuthorizationsAsync(app.AppId, cancellationToken).ConfigureAwait(false);
        var (routing, _) = _routes.Evaluate(request.Target, authorizations, now);
        if (routing.MatchingAuthorizationId is not { } authorizationId)
        {
            return AuthDecision.Deny(arn, ErrorCodes.NotAuthorized, "The JWT provider's app is not authorized for this API, stage and route.", SchemeIds.Jwt);
        }

        // The context carries this token's claims, so the Allow is never remembered for another token.
        var principal = new AuthPrincipal(app.AppId, app.Name, app.AppKey, SchemeIds.Jwt, authorizationId, app.UsagePlanKey, pass.Context);
        var decision = pass.PerRequest
            ? AuthDecision.Allow(principal, [arn])
            : routing.NeedsExactArn
                ? AuthDecision.Allow(principal, [.. routing.Resources, arn], routing.DeniedResources)
                : AuthDecision.Allow(principal, routing.Resources, routing.DeniedResources);
        return await _jwt.TryRecordAsync(pass, cancellationToken).ConfigureAwait(false) ? decision : JtiReplayed(arn, SchemeIds.Jwt);
    }

    private static AuthDecision JtiReplayed(string arn, string scheme) =>
        AuthDecision.Deny(arn, ErrorCodes.JtiReplayed, "The token's jti was already used; this API accepts each token once.", scheme);
}
