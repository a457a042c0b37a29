using System.Security.Cryptography;
using Authorizer.Core.Secrets;
using Authorizer.Store.DynamoDb;
using Authorizer.TestSupport;

namespace Authorizer.Store.Tests;

public sealed class SecretProtectorTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "authorizer-key-tests", Guid.NewGuid().ToString("N"));

    public static TheoryData<string> Protectors => ["aes", "kms"];

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Protectors))]
    public async Task A_secret_round_trips_for_its_app(string kind)
    {
        var protector = Create(kind);
        var secret = RandomNumberGenerator.GetBytes(32);

        var blob = await protector.ProtectAsync("app-1", secret);

        Assert.Equal(secret, await protector.UnprotectAsync("app-1", blob));
        Assert.DoesNotContain(Convert.ToHexString(secret), Convert.ToHexString(blob), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Protectors))]
    public async Task A_ciphertext_moved_to_another_app_does_not_decrypt(string kind)
    {
        var protector = Create(kind);
        var blob = await protector.ProtectAsync("app-1", RandomNumberGenerator.GetBytes(32));

        await Assert.ThrowsAsync<CryptographicException>(async () => await protector.UnprotectAsync("app-2", blob));
    }

    [Theory]
    [MemberData(nameof(Protectors))]
    public async Task A_tampered_or_truncated_ciphertext_is_rejected(string kind)
    {
        var protector = Create(kind);
        var blob = await protector.ProtectAsync("app-1", RandomNumberGenerator.GetBytes(32));
        var tampered = (byte[])blob.Clone();
        tampered[^1] ^= 0x01;

        await Assert.ThrowsAsync<CryptographicException>(async () => await protector.UnprotectAsync("app-1", tampered));
        await Assert.ThrowsAsync<CryptographicException>(async () => await protector.UnprotectAsync("app-1", blob.AsMemory(0, 1)));
        await Assert.ThrowsAsync<CryptographicException>(async () => await protector.UnprotectAsync("app-1", ReadOnlyMemory<byte>.Empty));
    }

    [Fact]
    public async Task Aes_gcm_uses_a_fresh_nonce_and_a_versioned_blob()
    {
        using var protector = new AesGcmSecretProtector(RandomNumberGenerator.GetBytes(32));
        var secret = RandomNumberGenerator.GetBytes(32);

        var first = await protector.ProtectAsync("app-1", secret);
        var second = await protector.ProtectAsync("app-1", secret);

        Assert.NotEqual(first, second);
        Assert.Equal(1, first[0]);
        Assert.Equal(1 + 12 + 16 + secret.Length, first.Length);
        var relabelled = (byte[])first.Clone();
        relabelled[0] = 2;
        await Assert.ThrowsAsync<CryptographicException>(async () => await protector.UnprotectAsync("app-1", relabelled));
    }

    [Fact]
    public void Aes_gcm_rejects_a_key_that_is_not_32_bytes()
    {
        Assert.Throws<ArgumentException>(() => new AesGcmSecretProtector(new byte[16]));
    }

    [Fact]
    public async Task A_missing_key_file_is_created_private_and_reused()
    {
        var path = Path.Combine(_dir, "nested", "secret.key");

        using var first = AesGcmSecretProtector.FromKeyFile(path);
        var blob = await first.ProtectAsync("app-1", new byte[] { 1, 2, 3 });

        Assert.Equal(32, new FileInfo(path).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        using var second = AesGcmSecretProtector.FromKeyFile(path);
        Assert.Equal(new byte[] { 1, 2, 3 }, await second.UnprotectAsync("app-1", blob));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void A_malformed_key_file_is_rejected_with_a_clear_message()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "secret.key");
        File.WriteAllText(path, "not a key");

        var error = Assert.Throws<InvalidOperationException>(() => AesGcmSecretProtector.FromKeyFile(path));

        Assert.Contains("malformed", error.Message, StringComparison.Ordinal);
        Assert.Contains("32", error.Message, StringComparison.Ordinal);
        Assert.Equal("not a key", File.ReadAllText(path));
    }

    [Fact]
    public async Task Concurrent_encryptions_and_decryptions_on_one_protector_all_round_trip()
    {
        using var protector = new AesGcmSecretProtector(RandomNumberGenerator.GetBytes(32));
        const int Workers = 8;
        const int PerWorker = 2_000;
        var secrets = new byte[Workers * PerWorker][];
        var blobs = new byte[secrets.Length][];
        var wrong = 0;
        // Each worker encrypts its own secrets and immediately decrypts them while the others do the same.
        await SimultaneousThreads.RunAsync(Workers, w =>
        {
            for (var i = w * PerWorker; i < (w + 1) * PerWorker; i++)
            {
                var appId = "app-" + i;
                secrets[i] = RandomNumberGenerator.GetBytes(32);
                blobs[i] = protector.ProtectAsync(appId, secrets[i]).AsTask().GetAwaiter().GetResult();
                try
                {
                    if (!protector.UnprotectAsync(appId, blobs[i]).AsTask().GetAwaiter().GetResult().AsSpan().SequenceEqual(secrets[i]))
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
                catch (CryptographicException)
                {
                    Interlocked.Increment(ref wrong);
                }
            }
        });

        Assert.Equal(0, wrong);
        for (var i = 0; i < secrets.Length; i++)
        {
            Assert.Equal(secrets[i], await protector.UnprotectAsync("app-" + i, blobs[i]));
        }
    }

    [Fact]
    public async Task Kms_sends_the_app_id_as_encryption_context()
    {
        var (client, fake) = FakeKms.Create();
        var protector = new KmsSecretProtector(client, "alias/authorizer");

        var blob = await protector.ProtectAsync("app-7", new byte[] { 9 });
        await protector.UnprotectAsync("app-7", blob);

        Assert.Equal(2, fake.Contexts.Count);
        Assert.All(fake.Contexts, c => Assert.Equal("app-7", Assert.Single(c, p => p.Key == "appId").Value));
    }

    private static ISecretProtector Create(string kind) => kind switch
    {
        "aes" => new AesGcmSecretProtector(RandomNumberGenerator.GetBytes(32)),
        _ => new KmsSecretProtector(FakeKms.Create().Client, "alias/authorizer"),
    };
}
