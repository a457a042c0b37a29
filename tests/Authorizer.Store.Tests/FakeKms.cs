using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace Authorizer.Store.Tests;

/// <summary>
/// A KMS stand-in (no network) that implements only Encrypt and Decrypt: AES-GCM under an in-memory key, the key
/// id and encryption context bound as associated data, a wrong context answered like KMS does.
/// </summary>
public class FakeKms : DispatchProxy
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public List<Dictionary<string, string>> Contexts { get; } = [];

    public static (IAmazonKeyManagementService Client, FakeKms Fake) Create()
    {
        var client = DispatchProxy.Create<IAmazonKeyManagementService, FakeKms>();
        return (client, (FakeKms)(object)client);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
    {
        nameof(IAmazonKeyManagementService.EncryptAsync) when args?[0] is EncryptRequest request => Task.FromResult(Encrypt(request)),
        nameof(IAmazonKeyManagementService.DecryptAsync) when args?[0] is DecryptRequest request => Decrypt(request),
        nameof(IDisposable.Dispose) => null,
        _ => throw new NotSupportedException($"The fake KMS does not implement {targetMethod?.Name}."),
    };

    private EncryptResponse Encrypt(EncryptRequest request)
    {
        Contexts.Add(request.EncryptionContext);
        var plaintext = request.Plaintext.ToArray();
        var blob = new byte[12 + 16 + plaintext.Length];
        RandomNumberGenerator.Fill(blob.AsSpan(0, 12));
        using var aes = new AesGcm(_key, 16);
        aes.Encrypt(blob.AsSpan(0, 12), plaintext, blob.AsSpan(28), blob.AsSpan(12, 16), Ad(request.KeyId, request.EncryptionContext));
        return new EncryptResponse { CiphertextBlob = new MemoryStream(blob), KeyId = request.KeyId };
    }

    private Task<DecryptResponse> Decrypt(DecryptRequest request)
    {
        Contexts.Add(request.EncryptionContext);
        var blob = request.CiphertextBlob.ToArray();
        var plaintext = new byte[Math.Max(0, blob.Length - 28)];
        try
        {
            using var aes = new AesGcm(_key, 16);
            aes.Decrypt(blob.AsSpan(0, 12), blob.AsSpan(28), blob.AsSpan(12, 16), plaintext, Ad(request.KeyId, request.EncryptionContext));
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            return Task.FromException<DecryptResponse>(new InvalidCiphertextException("InvalidCiphertextException"));
        }

        return Task.FromResult(new DecryptResponse { Plaintext = new MemoryStream(plaintext), KeyId = request.KeyId });
    }

    private static byte[] Ad(string keyId, Dictionary<string, string> context) =>
        Encoding.UTF8.GetBytes(keyId + "\n" + string.Join("\n", context.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value)));
}
