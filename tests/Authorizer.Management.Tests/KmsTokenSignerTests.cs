using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Authorizer.Core.Tokens;

namespace Authorizer.Management.Tests;

public sealed class KmsTokenSignerTests
{
    private const string KeyId = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Tokens_signed_through_kms_verify_with_the_fetched_public_key()
    {
        var (client, fake) = FakeKms.Create(KeyId);
        var signer = new KmsTokenSigner(client, KeyId);
        var key = await KmsTokenSigner.GetVerificationKeyAsync(client, KeyId);
        using var validator = new Es256TokenValidator([key], _time);

        for (var i = 0; i < 40; i++)
        {
            // Many signatures, so r or s with leading zero bytes (shorter DER integers) come up.
            var issued = await new TokenIssuer(signer, _time).IssueAsync($"app-{i}");
            Assert.Equal($"app-{i}", validator.Validate(issued.Token).AppId);
        }

        Assert.All(fake.SignRequests, r =>
        {
            Assert.Equal(MessageType.DIGEST, r.MessageType);
            Assert.Equal(SigningAlgorithmSpec.ECDSA_SHA_256, r.SigningAlgorithm);
            Assert.Equal(KeyId, r.KeyId);
        });
    }

    [Fact]
    public void Kid_is_stable_per_key_id_and_does_not_reveal_it()
    {
        var (client, _) = FakeKms.Create(KeyId);

        Assert.Equal(new KmsTokenSigner(client, KeyId).Kid, KmsTokenSigner.KidFor(KeyId));
        Assert.NotEqual(KmsTokenSigner.KidFor(KeyId), KmsTokenSigner.KidFor(KeyId + "x"));
        Assert.DoesNotContain("111122223333", KmsTokenSigner.KidFor(KeyId), StringComparison.Ordinal);
    }

    [Fact]
    public void Der_signatures_convert_to_fixed_64_bytes_with_padding_and_sign_bytes_handled()
    {
        // r = 0x00FF.. (needs a sign byte, 33 bytes in DER); s = 0x01 (one byte in DER).
        var r = new byte[32];
        r[0] = 0xFF;
        r[31] = 0x02;
        byte[] der = [0x30, 0x26, 0x02, 0x21, 0x00, .. r, 0x02, 0x01, 0x01];

        var p1363 = KmsTokenSigner.DerToP1363(der);

        Assert.Equal(64, p1363.Length);
        Assert.Equal(r, p1363[..32]);
        Assert.Equal([.. new byte[31], 0x01], p1363[32..]);
    }

    [Theory]
    [InlineData(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 })]
    [InlineData(new byte[] { 0x30, 0x06, 0x02, 0x01, 0xFF, 0x02, 0x01, 0x01 })]
    [InlineData(new byte[] { 0x01, 0x02 })]
    [InlineData(new byte[] { 0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00 })]
    public void Malformed_der_from_kms_fails_with_a_crypto_error(byte[] der) =>
        Assert.Throws<CryptographicException>(() => KmsTokenSigner.DerToP1363(der));

    [Fact]
    public async Task Oversized_integer_from_kms_fails()
    {
        var (client, fake) = FakeKms.Create(KeyId);
        byte[] big = [0x30, 0x27, 0x02, 0x22, 0x01, .. new byte[33], 0x02, 0x01, 0x01];
        fake.SignatureOverride = _ => big;

        await Assert.ThrowsAsync<CryptographicException>(async () => await new KmsTokenSigner(client, KeyId).SignAsync(new byte[] { 1 }));
    }

    [Fact]
    public async Task Public_key_fetch_gives_the_kms_key_under_the_signer_kid()
    {
        var (client, fake) = FakeKms.Create(KeyId);
        var key = await KmsTokenSigner.GetVerificationKeyAsync(client, KeyId);

        Assert.Equal(KmsTokenSigner.KidFor(KeyId), key.Kid);
        Assert.Equal(fake.Key.ExportParameters(false).Q.X, key.PublicKey.Q.X);
    }

    [Fact]
    public async Task Public_key_fetch_refuses_a_key_of_another_spec()
    {
        var (client, fake) = FakeKms.Create(KeyId);
        fake.PublicKeySpec = KeySpec.RSA_2048;

        await Assert.ThrowsAsync<InvalidOperationException>(() => KmsTokenSigner.GetVerificationKeyAsync(client, KeyId));
    }
}
