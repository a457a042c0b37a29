using System.Security.Cryptography;
using System.Text;
using Authorizer.Core.Secrets;

namespace Authorizer.Management.Tests;

/// <summary>AES-GCM with a per-instance random key and the app id as associated data.</summary>
internal sealed class TestSecretProtector : ISecretProtector
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public ValueTask<byte[]> ProtectAsync(string appId, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken = default)
    {
        var output = new byte[12 + 16 + plaintext.Length];
        RandomNumberGenerator.Fill(output.AsSpan(0, 12));
        using var aes = new AesGcm(_key, 16);
        aes.Encrypt(output.AsSpan(0, 12), plaintext.Span, output.AsSpan(28), output.AsSpan(12, 16), Encoding.UTF8.GetBytes(appId));
        return ValueTask.FromResult(output);
    }

    public ValueTask<byte[]> UnprotectAsync(string appId, ReadOnlyMemory<byte> ciphertext, CancellationToken cancellationToken = default)
    {
        var input = ciphertext.Span;
        var output = new byte[input.Length - 28];
        using var aes = new AesGcm(_key, 16);
        aes.Decrypt(input[..12], input[28..], input.Slice(12, 16), output, Encoding.UTF8.GetBytes(appId));
        return ValueTask.FromResult(output);
    }
}
