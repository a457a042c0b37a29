using Authorizer.Core.Credentials;
using Authorizer.Core.Jwt;
using Authorizer.Core.Model;
using Authorizer.Core.Requests;
using Authorizer.Core.Store;
using Authorizer.Core.Throttling;
using Authorizer.Core.Tokens;
using Authorizer.Core.Verification;

namespace Authorizer.Core.Decisions;

/// <summary>
/// The whole decision for one request: hygiene and limits, exactly one credential, the API's settings, the
/// scheme's verifier, the app's status, and route authorization. Default is deny; store failures propagate
/// so the caller fails closed.
/// </summary>
public sealed partial class AuthorizerEngine : IAuthorizer
{
    private readonly IAppDirectory _directory;
    private readonly TimeProvider _time;
    private readonly AuthorizerOptions _options;
    private readonly Dictionary<string, ICredentialVerifier> _verifiers;
    private readonly FailureThrottle _throttle;
    private readonly RouteResourceCache _routes;
    private readonly JwtAuthenticator _jwt;

    /// <param name="jwks">Where providers' remote key sets come from; without it only static JWKS work.</param>
    public AuthorizerEngine(IAppDirectory directory, IAppStore store, TimeProvider time, AuthorizerOptions options, ITokenValidator? tokens, IJwksSource? jwks = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TokenRevocationStaleness, TimeSpan.Zero);
        _directory = directory;
        _time = time;
        _options = options;
        _routes = new RouteResourceCache();
        _throttle = new FailureThrottle(options.FailureThrottle, time, store);
        _jwt = new JwtAuthenticator(store, jwks);
        ICredentialVerifier[] verifiers =
        [
            new AppCodeVerifier(directory),
            new CaSignatureVerifier(directory, store, options),
            new SdkSignatureVerifier(directory, store, options),
            new AppBasicVerifier(directory),
            new AppSecretVerifier(directory),
            new TokenVerifier(directory, store, tokens, options.TokenRevocationStaleness > TimeSpan.Zero ? new TokenRevocationCache(options.TokenRevocationStaleness) : null),
        ];
        _verifiers = verifiers.ToDictionary(v => v.Scheme, StringComparer.Ordinal);
    }

    private AuthorizerEngine(AuthorizerEngine source, AuthorizerOptions options)
    {
        _directory = source._directory;
        _time = source._time;
        _options = options;
        _routes = source._routes;
        _throttle = source._throttle;
        _verifiers = source._verifiers;
        _jwt = source._jwt;
    }

    /// <summary>
    /// This engine as served behind API Gateway's result cache (<see cref="AuthorizerOptions.ServesResultCache"/>):
    /// per-request schemes are refused. It shares the verifiers, route memo and failure throttle, so one container
    /// counts a caller's failures once whichever authorizer they reach.
    /// </summary>
    public AuthorizerEngine ForResultCache() =>
        _options.ServesResultCache ? this : new AuthorizerEngine(this, _options with { ServesResultCache = true });

    public async ValueTask<AuthDecision> AuthorizeAsync(AuthRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var arn = request.Target.Arn;

        var problem = RequestHygiene.Check(request, _options);
        if (problem is not null)
        {
            return AuthDecision.Deny(arn, ErrorCodes.BadRequest, problem);
        }

        var extraction = CredentialExtractor.Extract(request);

        // One clock reading serves the whole decision while it runs in memory (a warm decision reads the clock once,
        // not once per lookup); each step that had to wait (a store read) reads it again, so a cache entry or a
        // timestamp is never judged by a reading older than the last wait.
        var now = _time.GetUtcNow();
        var settingsRead = _directory.GetApiSettingsAsync(request.Target.ApiId, now, cancellationToken);
        ApiSettings settings;
        if (settingsRead.IsCompletedSuccessfully)
        {
            settings = settingsRead.Result;
        }
        else
        {
            settings = await settingsRead.ConfigureAwait(false);
            now = _time.GetUtcNow();
        }

        return settings.Jwt is { } jwt
            ? await AuthorizeWithJwtAsync(request, settings, jwt, cancellationToken).ConfigureAwait(false)
            : await AuthorizeCredentialAsync(request, extraction, settings, null, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The app credential's path; <paramref name="user"/> is the verified JWT of double authentication.</summary>
    private async ValueTask<AuthDecision> AuthorizeCredentialAsync(
        AuthRequest request,
        ExtractionResult extraction,
        ApiSettings settings,
        JwtPass? user,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var arn = request.Target.Arn;
        if (extraction.Status == ExtractionStatus.None)
        {
            return AuthDecision.Unauthorized();
        }

        if (extraction.Status == ExtractionStatus.Unsupported)
        {
            return AuthDecision.Deny(arn, ErrorCodes.UnsupportedScheme, extraction.Message ?? "The Authorization header's scheme is not accepted.");
        }

        if (extraction.Status == ExtractionStatus.Ambiguous || extraction.Credential is null)
        {
            return AuthDecision.Deny(arn, ErrorCodes.AmbiguousCredentials, extraction.Message ?? "More than one credential was sent.");
        }

        var credential = extraction.Credential;
        var scheme = credential.Scheme;

        if (credential is AppCodeCredential { FromQuery: true } && settings.AppCodeLocation != AppCodeLocation.HeaderAndQuery)
        {
            return AuthDecision.Deny(
                arn,
                ErrorCodes.SchemeNotAllowed,
                "AppCodes in the query string are not enabled for this API; send the AppCode in the Authorization (APPCODE) or X-Apig-AppCode header.",
                scheme);
        }

        if (!settings.Allows(scheme))
        {
            return AuthDecision.Deny(arn, ErrorCodes.SchemeNotAllowed, $"The {scheme} scheme is not enabled for this API.", scheme);
        }

        // API Gateway reuses a cached Allow for every request with the same identity source, which a signature
        // (bound to one method, path and time) must never be.
        var perRequest = SchemeIds.IsPerRequest(scheme) || user?.PerRequest == true;
        if (perRequest && _options.ServesResultCache)
        {
            return AuthDecision.Deny(
                arn,
                ErrorCodes.SchemeNotCacheable,
                user?.PerRequest == true
                    ? SingleUseNotCacheable
                    : $"The {scheme} scheme signs each request and is not served by this cached authorizer; call the route through the uncached authorizer.",
                scheme);
        }

        var claimedAppKey = ThrottleKeys.ClaimedAppKey(credential, request);
        var blockedRead = _throttle.IsBlockedAsync(claimedAppKey, request.SourceIp, now, cancellationToken);
        if (!blockedRead.IsCompleted)
        {
            var blockedAfterRead = await blockedRead.ConfigureAwait(false);
            now = _time.GetUtcNow();
            if (blockedAfterRead)
            {
                return TooManyFailures(arn, scheme);
            }
        }
        else if (blockedRead.Result)
        {
            return TooManyFailures(arn, scheme);
        }

        var verification = _verifiers[scheme].VerifyAsync(credential, new VerificationContext(request, settings, now), cancellationToken);
        VerificationResult result;
        if (verification.IsCompletedSuccessfully)
        {
            result = verification.Result;
        }
        else
        {
            result = await verification.ConfigureAwait(false);
            now = _time.GetUtcNow();
        }

        if (result.Status != VerificationStatus.Success || result.App is null)
        {
            if (result.IsSecretGuess)
            {
                await _throttle.RecordFailureAsync(claimedAppKey, request.SourceIp, cancellationToken).ConfigureAwait(false);
            }

            return AuthDecision.Deny(arn, result.ErrorCode ?? ErrorCodes.InvalidCredentials, result.ErrorMessage ?? "The credential was not accepted.", scheme);
        }

        // Belt and braces: the cached authorizer already refused every per-request scheme above.
        if (result.IsDeferred && _options.ServesResultCache)
        {
            return AuthDecision.Deny(arn, ErrorCodes.SchemeNotCacheable, "A signature over the body is completed by the backend and is never served by a cached authorizer.", scheme);
        }

        var app = result.App.App;
        if (!app.IsEnabled)
        {
            return AuthDecision.Deny(arn, ErrorCodes.AppDisabled, "The app is disabled.", scheme);
        }

        var authorizationsRead = _directory.GetAuthorizationsAsync(app.AppId, now, cancellationToken);
        IReadOnlyList<AppAuthorization> authorizations;
        if (authorizationsRead.IsCompletedSuccessfully)
        {
            authorizations = authorizationsRead.Result;
        }
        else
        {
            authorizations = await authorizationsRead.ConfigureAwait(false);
            now = _time.GetUtcNow();
        }

        var (routing, _) = _routes.Evaluate(request.Target, authorizations, now);
        if (routing.MatchingAuthorizationId is not { } authorizationId)
        {
            return AuthDecision.Deny(arn, ErrorCodes.NotAuthorized, "The app is not authorized for this API, stage and route.", scheme);
        }

        var principal = new AuthPrincipal(app.AppId, app.Name, app.AppKey, scheme, authorizationId, app.UsagePlanKey, user?.Context)
        {
            DeferredScheme = result.IsDeferred ? scheme : null,
        };
        var decision = perRequest
            ? AuthDecision.Allow(principal, [arn])
            : routing.NeedsExactArn
                ? AuthDecision.Allow(principal, [.. routing.Resources, arn], routing.DeniedResources)
                : AuthDecision.Allow(principal, routing.Resources, routing.DeniedResources);
        if (user is not null && !await _jwt.TryRecordAsync(user, cancellationToken).ConfigureAwait(false))
        {
            return JtiReplayed(arn, scheme);
        }

        return decision;
    }

    private static AuthDecision TooManyFailures(string arn, string scheme) =>
        AuthDecision.Deny(arn, ErrorCodes.TooManyFailures, "Too many failed attempts; try again later.", scheme);
}
