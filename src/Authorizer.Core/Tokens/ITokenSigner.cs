namespace Authorizer.Core.Tokens;

/// <summary>Produces ES256 signatures for tokens. Signatures are raw P1363 (r || s, 64 bytes), as JWS wants them.</summary>
public interface ITokenSigner
{
    /// <summary>The key id put in the token header; validators look the public key up by it.</summary>
    string Kid { get; }

    ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);
}
