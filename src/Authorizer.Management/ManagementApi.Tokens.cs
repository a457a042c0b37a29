using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Verification;

namespace Authorizer.Management;

public sealed partial class ManagementApi
{
    private async Task<ManagementResponse> IssueTokenAsync(CallContext ctx, CancellationToken cancellationToken)
    {
        if (_issuer is null)
        {
            return Problems.TokensUnavailable();
        }

        if (!TryReadBody(ctx, ManagementJsonContext.Default.IssueTokenBody, out var body, out var problem))
        {
            return problem;
        }

        var basic = ctx.Request.Headers.GetAll("Authorization");
        if (basic.Count > 0)
        {
            if (body.AppKey is not null || body.AppSecret is not null || basic.Count > 1)
            {
                return Problems.Validation("Authorization", "Send the credentials once: either Authorization: Basic or appKey/appSecret in the body.");
            }
        }
        else
        {
            var errors = new FieldErrors();
            if (string.IsNullOrEmpty(body.AppKey))
            {
                errors.Add("appKey", "appKey is required (or send Authorization: Basic).");
            }

            if (string.IsNullOrEmpty(body.AppSecret))
            {
                errors.Add("appSecret", "appSecret is required (or send Authorization: Basic).");
            }

            if (errors.Any)
            {
                return Problems.Validation(errors);
            }
        }

        if (body.ApiId is not null && (body.ApiId == "*" || !ManagementRoutes.IsId(body.ApiId)))
        {
            return Problems.Validation("apiId", "apiId must be an API id.");
        }

        var check = basic.Count > 0
            ? await _secrets.CheckAuthorizationAsync(basic[0], ctx.Request.SourceIp, cancellationToken).ConfigureAwait(false)
            : await _secrets.CheckAsync(body.AppKey!, body.AppSecret!, ctx.Request.SourceIp, cancellationToken).ConfigureAwait(false);

        if (check.Outcome == AppSecretOutcome.Blocked)
        {
            return Problems.TooManyFailures(_options.FailureThrottle.BlockDuration);
        }

        if (check.App is not { } app)
        {
            return Problems.InvalidCredentials();
        }

        if (!app.IsEnabled)
        {
            return Problems.AppDisabled();
        }

        var ttl = await TokenTtlAsync(body.ApiId, cancellationToken).ConfigureAwait(false);
        var token = await _issuer.IssueAsync(app.AppId, ttl, cancellationToken).ConfigureAwait(false);
        return Json(
            201,
            new TokenView(app.AppId, token.Jti, token.ExpiresAt),
            ManagementJsonContext.Default.TokenView,
            extra: new() { ["X-Subject-Token"] = token.Token });
    }

    private async Task<ManagementResponse> RevokeTokenAsync(CallContext ctx, CancellationToken cancellationToken)
    {
        if (_tokens is null)
        {
            return Problems.TokensUnavailable();
        }

        if (!TryReadBody(ctx, ManagementJsonContext.Default.RevokeTokenBody, out var body, out var problem))
        {
            return problem;
        }

        if ((body.Token is null) == (body.Jti is null))
        {
            return Problems.Validation("token", "Send exactly one of token or jti.");
        }

        string jti;
        DateTimeOffset until;
        if (body.Token is not null)
        {
            var result = _tokens.Validate(body.Token);
            if (result.ErrorCode == ErrorCodes.TokenExpired)
            {
                // An expired token already fails everywhere; there is nothing to record.
                return NoContent();
            }

            if (!result.IsValid)
            {
                return Problems.Validation("token", "token is not a valid token issued here.");
            }

            jti = result.Jti!;
            until = result.ExpiresAt;
        }
        else
        {
            jti = body.Jti!;
            if (jti.Length is 0 or > 256 || !jti.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return Problems.Validation("jti", "jti must be a token id (base64url characters).");
            }

            // The expiry of a bare jti is unknown: keep the revocation as long as any token can live.
            until = _time.GetUtcNow().AddSeconds(_options.MaxTokenTtlSeconds);
        }

        // The validator accepts tokens up to its leeway past exp; keep the revocation as long.
        until += TimeSpan.FromSeconds(60);
        await _store.RevokeTokenAsync(jti, until, cancellationToken).ConfigureAwait(false);
        return Json(200, new RevokedTokenView(jti, until), ManagementJsonContext.Default.RevokedTokenView);
    }

    /// <summary>Ends every token of the app issued until now; tokens issued later work.</summary>
    private async Task<ManagementResponse> RevokeAppTokensAsync(CallContext ctx, CancellationToken cancellationToken)
    {
        if (!TryReadBody<EmptyBody>(ctx, ManagementJsonContext.Default.EmptyBody, out _, out var problem))
        {
            return problem;
        }

        return await ChangeStoredAppAsync(
            ctx[0],
            async current =>
            {
                var now = _time.GetUtcNow();
                var cutoffs = TokenCutoffs.RevokeAll(current.TokenCutoffs, now);
                var saved = await _store.UpdateAppAsync(current with { TokenCutoffs = cutoffs, UpdatedAt = now }, current.Version, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                var issuedBefore = saved.TokenCutoffs.Where(c => c.EffectiveFrom <= now).Max(c => c.IssuedBefore);
                return Json(200, new AppTokensRevokedView(saved.AppId, issuedBefore, saved.Version), ManagementJsonContext.Default.AppTokensRevokedView, saved.Version);
            },
            versionNamed: false,
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> TokenTtlAsync(string? apiId, CancellationToken cancellationToken)
    {
        var settings = (apiId is null ? null : await _store.GetApiSettingsAsync(apiId, cancellationToken).ConfigureAwait(false))
            ?? await _store.GetApiSettingsAsync(ApiSettings.DefaultApiId, cancellationToken).ConfigureAwait(false);
        var ttl = settings?.TokenTtlSeconds ?? ApiSettings.DefaultTokenTtlSeconds;
        return Math.Clamp(ttl, _options.MinTokenTtlSeconds, _options.MaxTokenTtlSeconds);
    }
}
