using Authorizer.Core.Secrets;

namespace Authorizer.Core.Tests.Support;

/// <summary>Test-only protector: XORs with a fixed byte so that ciphertext differs from plaintext.</summary>
internal sealed class PlainSecretProtector : ISecretProtector
{
    public ValueTask<byte[]> ProtectAsync(string appId, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Flip(plaintext.Span));

    public ValueTask<byte[]> UnprotectAsync(string appId, ReadOnlyMemory<byte> ciphertext, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Flip(ciphertext.Span));

    private static byte[] Flip(ReadOnlySpan<byte> input)
    {
        var output = input.ToArray();
        for (var i = 0; i < output.Length; i++)
        {
            output[i] ^= 0x5A;
        }

        return output;
    }
}
