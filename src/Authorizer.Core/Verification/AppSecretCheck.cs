using Authorizer.Core.Credentials;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Secrets;
using Authorizer.Core.Store;
using Authorizer.Core.Throttling;

namespace Authorizer.Core.Verification;

public enum AppSecretOutcome
{
    Accepted,
    Rejected,
    Blocked,
}

/// <summary>The answer of <see cref="AppSecretCheck"/>: the app when accepted, else a stable reason code.</summary>
public sealed record AppSecretCheckResult(AppSecretOutcome Outcome, AppRecord? App, string? ErrorCode);

/// <summary>
/// The AppKey + AppSecret check for a caller outside the authorizer pipeline (<c>POST /v1/tokens</c>): the
/// authorizer's Basic decoding and secret comparison, its failure throttle (per AppKey and per source, shared
/// through the store and read on every call, so guesses here and at the authorizer add up and a lock completed
/// at the authorizer holds here at once), and for an unknown AppKey the same
/// decryption work as for a known one. Thread-safe; build one per container.
/// </summary>
public sealed class AppSecretCheck
{
    private readonly IAppDirectory _directory;
    private readonly FailureThrottle _throttle;
    private readonly TimeProvider _time;

    public AppSecretCheck(IAppStore store, ISecretProtector protector, FailureThrottleOptions throttle, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(throttle);
        ArgumentNullException.ThrowIfNull(time);
        // Uncached and never authorizing a route: an app's authorizations would be read for nothing.
        _directory = new ConstantWorkDirectory(new AppDirectory(store, protector, prefetchAuthorizations: false), protector);
        _throttle = new FailureThrottle(throttle, time, store, alwaysReadShared: true);
        _time = time;
    }

    /// <summary>Checks an <c>Authorization</c> value; anything but <c>Basic base64(AppKey:AppSecret)</c> is rejected uncounted.</summary>
    public async ValueTask<AppSecretCheckResult> CheckAuthorizationAsync(string authorization, string? sourceIp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        if (CredentialExtractor.ParseAuthorization(authorization, allowSdk: false) is not BasicCredential basic)
        {
            return new(AppSecretOutcome.Rejected, null, ErrorCodes.InvalidCredentials);
        }

        var appKey = ThrottleKeys.BasicAppKey(basic.Encoded);
        if (await _throttle.IsBlockedAsync(appKey, sourceIp, cancellationToken).ConfigureAwait(false))
        {
            return Blocked;
        }

        var result = await AppBasicVerifier.VerifyEncodedAsync(_directory, basic.Encoded, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return await FinishAsync(result, appKey, sourceIp, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks an AppKey and AppSecret given apart (e.g. in a request body).</summary>
    public async ValueTask<AppSecretCheckResult> CheckAsync(string appKey, string appSecret, string? sourceIp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appKey);
        ArgumentNullException.ThrowIfNull(appSecret);
        if (await _throttle.IsBlockedAsync(appKey, sourceIp, cancellationToken).ConfigureAwait(false))
        {
            return Blocked;
        }

        var result = await KeySecretCheck.VerifyAsync(_directory, appKey, appSecret, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return await FinishAsync(result, appKey, sourceIp, cancellationToken).ConfigureAwait(false);
    }

    private static AppSecretCheckResult Blocked => new(AppSecretOutcome.Blocked, null, ErrorCodes.TooManyFailures);

    private async ValueTask<AppSecretCheckResult> FinishAsync(VerificationResult result, string? appKey, string? sourceIp, CancellationToken cancellationToken)
    {
        if (result.Status == VerificationStatus.Success && result.App is not null)
        {
            return new(AppSecretOutcome.Accepted, result.App.App, null);
        }

        if (result.IsSecretGuess)
        {
            await _throttle.RecordFailureAsync(appKey, sourceIp, cancellationToken).ConfigureAwait(false);
        }

        return new(AppSecretOutcome.Rejected, null, result.ErrorCode ?? ErrorCodes.InvalidCredentials);
    }
}
