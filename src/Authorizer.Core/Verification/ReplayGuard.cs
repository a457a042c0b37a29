using Authorizer.Core.Decisions;
using Authorizer.Core.Store;

namespace Authorizer.Core.Verification;

/// <summary>
/// Makes a verified signature single-use by recording its nonce per AppKey. A request stays valid until its own
/// timestamp plus the window (a clock a window ahead is accepted), so the record must outlive that, not merely
/// now plus the window: otherwise a request stamped in the future can be replayed once the record expires.
/// </summary>
internal sealed class ReplayGuard(IAppStore store, AuthorizerOptions options)
{
    /// <summary><paramref name="success"/> when the nonce is new, else a <c>nonce_used</c> failure with <paramref name="usedMessage"/>.</summary>
    public ValueTask<VerificationResult> RecordAsync(
        VerificationResult success,
        string nonce,
        DateTimeOffset signedAt,
        DateTimeOffset now,
        string usedMessage,
        CancellationToken cancellationToken)
    {
        var recording = store.TryRecordNonceAsync(success.App!.App.AppKey, nonce, ExpiresAt(signedAt, now), cancellationToken);
        return recording.IsCompletedSuccessfully
            ? new(Recorded(success, recording.Result, usedMessage))
            : AwaitRecordedAsync(success, recording, usedMessage);
    }

    /// <summary>max(now, signed at) + the timestamp window, and never sooner than now + <see cref="AuthorizerOptions.NonceTtl"/>.</summary>
    internal DateTimeOffset ExpiresAt(DateTimeOffset signedAt, DateTimeOffset now)
    {
        var validUntil = (signedAt > now ? signedAt : now) + options.TimestampWindow;
        var minimum = now + options.NonceTtl;
        return validUntil > minimum ? validUntil : minimum;
    }

    private static async ValueTask<VerificationResult> AwaitRecordedAsync(VerificationResult success, Task<bool> recording, string usedMessage) =>
        Recorded(success, await recording.ConfigureAwait(false), usedMessage);

    private static VerificationResult Recorded(VerificationResult success, bool recorded, string usedMessage) =>
        recorded ? success : VerificationResult.Fail(ErrorCodes.NonceUsed, usedMessage);
}
