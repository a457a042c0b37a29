using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Authorizer.Core.Credentials;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Authorizer.Core.Store;

namespace Authorizer.Core.Verification;

/// <summary><c>Authorization: Basic base64(AppKey:AppSecret)</c>.</summary>
internal sealed class AppBasicVerifier : ICredentialVerifier
{
    private readonly IAppDirectory _directory;

    public AppBasicVerifier(IAppDirectory directory)
    {
        _directory = directory;
    }

    public string Scheme => SchemeIds.AppBasic;

    public ValueTask<VerificationResult> VerifyAsync(Credential credential, VerificationContext context, CancellationToken cancellationToken)
    {
        return credential is BasicCredential basic
            ? VerifyEncodedAsync(_directory, basic.Encoded, context.Now, cancellationToken)
            : ValueTask.FromResult(VerificationResult.NoResult);
    }

    /// <summary>Checks <c>base64(AppKey:AppSecret)</c>; also the check of <see cref="AppSecretCheck"/>.</summary>
    public static ValueTask<VerificationResult> VerifyEncodedAsync(IAppDirectory directory, string encoded, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Bounded by the header-value limit enforced before credentials are read (and by the body limit for the token route).
        var max = (encoded.Length * 3 / 4) + 3;
        byte[]? rented = null;
        var buffer = max <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            if (!TryDecode(encoded, buffer, out var appKey, out var secretStart, out var length))
            {
                return ValueTask.FromResult(VerificationResult.Fail(
                    ErrorCodes.InvalidCredentials,
                    "Authorization: Basic must carry base64(AppKey:AppSecret)."));
            }

            return KeySecretCheck.VerifyAsync(directory, appKey, buffer[secretStart..length], now, cancellationToken);
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

    /// <summary>Decodes <c>AppKey:AppSecret</c> into <paramref name="buffer"/>; the secret stays bytes (strict UTF-8), never a string.</summary>
    private static bool TryDecode(string encoded, Span<byte> buffer, out string appKey, out int secretStart, out int length)
    {
        appKey = string.Empty;
        secretStart = 0;
        length = 0;
        if (encoded.Length == 0 || !Convert.TryFromBase64String(encoded, buffer, out length) || !Utf8.IsValid(buffer[..length]))
        {
            return false;
        }

        var colon = buffer[..length].IndexOf((byte)':');
        if (colon <= 0)
        {
            return false;
        }

        appKey = Encoding.UTF8.GetString(buffer[..colon]);
        secretStart = colon + 1;
        return secretStart < length;
    }
}
