using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Authorizer.Core.Tokens;

namespace Authorizer.Management;

/// <summary>
/// Signs tokens with a KMS asymmetric key (<c>ECC_NIST_P256</c>, <c>kms:Sign</c> with <c>ECDSA_SHA_256</c>).
/// The message is hashed here and sent as a DIGEST, so tokens of any size fit KMS's message limit and the
/// token itself never leaves the function. KMS answers DER; JWS wants raw r || s.
/// </summary>
public sealed class KmsTokenSigner : ITokenSigner
{
    private readonly IAmazonKeyManagementService _kms;
    private readonly string _keyId;

    public KmsTokenSigner(IAmazonKeyManagementService kms, string keyId)
    {
        ArgumentNullException.ThrowIfNull(kms);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        _kms = kms;
        _keyId = keyId;
        Kid = KidFor(keyId);
    }

    public string Kid { get; }

    /// <summary>
    /// The kid for a KMS key id or ARN: a hash, so the header does not reveal account or key ARNs, and stable,
    /// so the validator computes the same kid from the same configured key id.
    /// </summary>
    public static string KidFor(string keyId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(keyId));
        return "kms-" + Convert.ToHexStringLower(hash.AsSpan(0, 12));
    }

    /// <summary>Fetches the key's public half (<c>kms:GetPublicKey</c>) as a verification key with the matching kid.</summary>
    public static async Task<TokenVerificationKey> GetVerificationKeyAsync(
        IAmazonKeyManagementService kms, string keyId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kms);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        var response = await kms.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = keyId }, cancellationToken).ConfigureAwait(false);
        if (response.KeySpec is not null && response.KeySpec != KeySpec.ECC_NIST_P256)
        {
            throw new InvalidOperationException("The token signing key must be an ECC_NIST_P256 KMS key.");
        }

        if (response.PublicKey is null)
        {
            throw new InvalidOperationException("KMS returned no public key for the token signing key.");
        }

        return TokenVerificationKey.FromSubjectPublicKeyInfo(response.PublicKey.ToArray(), KidFor(keyId));
    }

    public async ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var digest = SHA256.HashData(data.Span);
        using var message = new MemoryStream(digest, writable: false);
        var response = await _kms.SignAsync(
            new SignRequest
            {
                KeyId = _keyId,
                Message = message,
                MessageType = MessageType.DIGEST,
                SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256,
            },
            cancellationToken).ConfigureAwait(false);

        if (response.Signature is null)
        {
            throw new InvalidOperationException("KMS returned no signature.");
        }

        return DerToP1363(response.Signature.ToArray());
    }

    /// <summary>Converts an ASN.1 DER <c>SEQUENCE { r INTEGER, s INTEGER }</c> into 32-byte big-endian r || s.</summary>
    internal static byte[] DerToP1363(byte[] der)
    {
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var r = sequence.ReadIntegerBytes().Span;
            var s = sequence.ReadIntegerBytes().Span;
            sequence.ThrowIfNotEmpty();

            var result = new byte[64];
            CopyUnsigned(r, result.AsSpan(0, 32));
            CopyUnsigned(s, result.AsSpan(32, 32));
            return result;
        }
        catch (AsnContentException ex)
        {
            throw new CryptographicException("KMS returned a signature that is not a DER ECDSA signature.", ex);
        }
    }

    private static void CopyUnsigned(ReadOnlySpan<byte> integer, Span<byte> destination)
    {
        // DER integers are signed: a positive value may carry one leading zero byte.
        if (integer.Length > 0 && (integer[0] & 0x80) != 0)
        {
            throw new CryptographicException("KMS returned a signature with a negative component.");
        }

        var trimmed = integer.TrimStart((byte)0);
        if (trimmed.Length > destination.Length)
        {
            throw new CryptographicException("KMS returned a signature component longer than P-256 allows.");
        }

        trimmed.CopyTo(destination[(destination.Length - trimmed.Length)..]);
    }
}
