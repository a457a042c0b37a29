using Authorizer.Core.Secrets;

namespace Authorizer.Security.Tests.Infrastructure;

/// <summary>Stores secrets as given; encryption at rest is the stores' concern, not these tests'.</summary>
internal sealed class PlainSecretProtector : ISecretProtector
{
    public ValueTask<byte[]> ProtectAsync(string appId, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(plaintext.ToArray());

    public ValueTask<byte[]> UnprotectAsync(string appId, ReadOnlyMemory<byte> ciphertext, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ciphertext.ToArray());
}
