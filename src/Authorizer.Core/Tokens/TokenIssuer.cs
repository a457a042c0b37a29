using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Authorizer.Core.Tokens;

/// <summary>Issues compact JWS tokens (ES256, header <c>{alg,typ,kid}</c>, claims <c>sub,iat,exp,jti</c>).</summary>
public sealed class TokenIssuer
{
    public const int DefaultTtlSeconds = 86_400;

    private readonly ITokenSigner _signer;
    private readonly TimeProvider _time;

    public TokenIssuer(ITokenSigner signer, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(time);
        _signer = signer;
        _time = time;
    }

    public string Kid => _signer.Kid;

    public async ValueTask<IssuedToken> IssueAsync(string appId, int ttlSeconds = DefaultTtlSeconds, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        ArgumentOutOfRangeException.ThrowIfLessThan(ttlSeconds, 1);

        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds());
        var expiresAt = issuedAt.AddSeconds(ttlSeconds);
        var jti = Base64UrlStrict.Encode(RandomNumberGenerator.GetBytes(16));

        var header = Base64UrlStrict.Encode(WriteJson(w =>
        {
            w.WriteString("alg", "ES256");
            w.WriteString("typ", "JWT");
            w.WriteString("kid", _signer.Kid);
        }));
        var payload = Base64UrlStrict.Encode(WriteJson(w =>
        {
            w.WriteString("sub", appId);
            w.WriteNumber("iat", issuedAt.ToUnixTimeSeconds());
            w.WriteNumber("exp", expiresAt.ToUnixTimeSeconds());
            w.WriteString("jti", jti);
        }));

        var signingInput = header + "." + payload;
        var signature = await _signer.SignAsync(Encoding.ASCII.GetBytes(signingInput), cancellationToken).ConfigureAwait(false);
        if (signature.Length != 64)
        {
            throw new InvalidOperationException("The token signer returned a signature that is not a 64-byte ES256 signature.");
        }

        return new IssuedToken(signingInput + "." + Base64UrlStrict.Encode(signature), appId, jti, issuedAt, expiresAt);
    }

    private static byte[] WriteJson(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
