using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Authorizer.Core.Decisions;
using Authorizer.Core.Store;

namespace Authorizer.Core.Verification;

/// <summary>The AppKey + presented AppSecret check shared by app-basic and app-secret.</summary>
internal static class KeySecretCheck
{
    /// <param name="appSecret">The presented AppSecret's UTF-8 bytes.</param>
    public static ValueTask<VerificationResult> VerifyAsync(
        IAppDirectory directory,
        string appKey,
        ReadOnlySpan<byte> appSecret,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var lookup = directory.FindByAppKeyAsync(appKey, now, cancellationToken);
        return lookup.IsCompletedSuccessfully
            ? new(Check(lookup.Result, appSecret, now))
            : CheckAfterLookupAsync(lookup, appSecret.ToArray(), now);
    }

    /// <summary>As above, for a presented AppSecret held as text.</summary>
    public static ValueTask<VerificationResult> VerifyAsync(
        IAppDirectory directory,
        string appKey,
        string appSecret,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var max = Encoding.UTF8.GetMaxByteCount(appSecret.Length);
        byte[]? rented = null;
        var buffer = max <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(appSecret, buffer);
            return VerifyAsync(directory, appKey, buffer[..length], now, cancellationToken);
        }
        finally
        {
            buffer.Clear();
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static async ValueTask<VerificationResult> CheckAfterLookupAsync(ValueTask<ResolvedApp?> lookup, byte[] appSecret, DateTimeOffset now)
    {
        try
        {
            return Check(await lookup.ConfigureAwait(false), appSecret, now);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(appSecret);
        }
    }

    private static VerificationResult Check(ResolvedApp? resolved, ReadOnlySpan<byte> appSecret, DateTimeOffset now)
    {
        var match = SecretMatch.None;
        var secrets = SecretMatcher.SecretsOrDummy(resolved);
        for (var i = 0; i < secrets.Count; i++)
        {
            var secret = secrets[i];
            match = SecretMatcher.Combine(match, secret, now, SecretMatcher.SecretEquals(appSecret, secret.Secret));
        }

        if (resolved is null)
        {
            return VerificationResult.WrongSecret(ErrorCodes.UnknownApp, VerifierMessages.UnknownAppKey);
        }

        return match switch
        {
            SecretMatch.Usable => VerificationResult.Success(resolved),
            SecretMatch.Expired => VerificationResult.Fail(ErrorCodes.CredentialExpired, VerifierMessages.CredentialExpired),
            _ => VerificationResult.WrongSecret(ErrorCodes.InvalidCredentials, "Invalid AppKey or AppSecret."),
        };
    }
}
