using System.Reflection;
using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace Authorizer.Management.Tests;

/// <summary>
/// An in-process stand-in for the KMS client: Sign and GetPublicKey behave like KMS for an ECC_NIST_P256 key
/// (DER signatures over a SHA-256 digest); any other call fails the test.
/// </summary>
public class FakeKms : DispatchProxy
{
    public ECDsa Key { get; private set; } = null!;

    public string KeyId { get; private set; } = null!;

    public List<SignRequest> SignRequests { get; } = [];

    public Func<byte[], byte[]>? SignatureOverride { get; set; }

    public KeySpec PublicKeySpec { get; set; } = KeySpec.ECC_NIST_P256;

    public static (IAmazonKeyManagementService Client, FakeKms Fake) Create(string keyId)
    {
        var client = Create<IAmazonKeyManagementService, FakeKms>();
        var fake = (FakeKms)(object)client;
        fake.Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        fake.KeyId = keyId;
        return (client, fake);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        switch (targetMethod?.Name)
        {
            case nameof(IAmazonKeyManagementService.SignAsync):
                return Task.FromResult(Sign((SignRequest)args![0]!));
            case nameof(IAmazonKeyManagementService.GetPublicKeyAsync):
                var request = (GetPublicKeyRequest)args![0]!;
                if (request.KeyId != KeyId)
                {
                    throw new NotFoundException("Key not found");
                }

                return Task.FromResult(new GetPublicKeyResponse
                {
                    KeyId = KeyId,
                    KeySpec = PublicKeySpec,
                    KeyUsage = KeyUsageType.SIGN_VERIFY,
                    PublicKey = new MemoryStream(Key.ExportSubjectPublicKeyInfo()),
                });
            case "Dispose":
                return null;
            default:
                throw new NotSupportedException($"FakeKms does not implement {targetMethod?.Name}.");
        }
    }

    private SignResponse Sign(SignRequest request)
    {
        SignRequests.Add(request);
        if (request.KeyId != KeyId)
        {
            throw new NotFoundException("Key not found");
        }

        if (request.SigningAlgorithm != SigningAlgorithmSpec.ECDSA_SHA_256)
        {
            throw new InvalidOperationException("unexpected algorithm");
        }

        var message = request.Message.ToArray();
        var digest = request.MessageType == MessageType.DIGEST ? message : SHA256.HashData(message);
        if (digest.Length != 32)
        {
            throw new InvalidOperationException("a DIGEST must be 32 bytes");
        }

        var der = Key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);
        return new SignResponse
        {
            KeyId = KeyId,
            SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256,
            Signature = new MemoryStream(SignatureOverride?.Invoke(der) ?? der),
        };
    }
}
