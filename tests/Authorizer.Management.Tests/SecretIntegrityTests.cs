using System.Security.Cryptography;
using System.Text.Json;
using Authorizer.Core.Secrets;

namespace Authorizer.Management.Tests;

/// <summary>
/// Apps created and secrets reset at the same moment on one management API and one AES-GCM protector: every stored
/// secret must still be the one the caller was shown. The in-memory store keeps the calls CPU-bound, so the workers
/// really do encrypt and decrypt at the same time.
/// </summary>
public sealed class SecretIntegrityTests
{
    [Fact]
    public async Task Concurrent_creates_and_resets_leave_every_stored_secret_verifiable()
    {
        using var protector = new AesGcmSecretProtector(RandomNumberGenerator.GetBytes(32));
        using var h = await ApiHarness.CreateAsync(new InMemoryAppStore(new FakeTimeProvider()), protector);
        const int Workers = 8;
        const int AppsPerWorker = 200;
        var finalSecrets = new (string AppKey, string Secret)[Workers * AppsPerWorker];
        var failures = new List<string>();
        await SimultaneousThreads.RunAsync(Workers, w =>
        {
            for (var i = 0; i < AppsPerWorker; i++)
            {
                var created = h.SendAsync("POST", "/v1/apps", $"{{\"name\":\"w{w}-{i}\"}}").GetAwaiter().GetResult();
                if (created.Status != 201)
                {
                    Fail($"create {created.Status}");
                    continue;
                }

                var appId = created.Str("appId");
                var secret = created.Str("appSecret");
                for (var r = 0; r < 3; r++)
                {
                    var reset = h.SendAsync("POST", $"/v1/apps/{appId}/secret/reset", "{}").GetAwaiter().GetResult();
                    if (reset.Status != 200)
                    {
                        Fail($"reset {reset.Status}");
                        break;
                    }

                    secret = reset.Str("appSecret");
                }

                finalSecrets[(w * AppsPerWorker) + i] = (created.Str("appKey"), secret);
            }
        });

        Assert.Empty(failures);
        foreach (var (appKey, secret) in finalSecrets)
        {
            // Issuing a token decrypts the stored secret and compares it with the one presented.
            var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["appKey"] = appKey, ["appSecret"] = secret });
            Assert.Equal(201, (await h.SendAsync("POST", "/v1/tokens", body, caller: null)).Status);
        }

        void Fail(string what)
        {
            lock (failures)
            {
                failures.Add(what);
            }
        }
    }
}
