using System.Text;
using Authorizer.Core.Model;
using Authorizer.Core.Secrets;
using Authorizer.Store.DynamoDb;
using Authorizer.TestSupport;

namespace Authorizer.Benchmarks;

/// <summary>
/// The store bench/cold-start.sh points the runtime host at: Amazon DynamoDB Local (the tests' server, in memory on a
/// loopback port) with a table created from template.yaml, one app with the bench AppCode granted every route, and
/// its secret under a fresh AES key file. Writes <c>world.env</c> (the runtime's environment, one NAME=value a line)
/// into the folder once the world is ready, then keeps DynamoDB Local running until standard input closes.
/// </summary>
internal static class ColdStartWorld
{
    public static async Task<int> RunAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        var server = new DynamoDbLocalFixture();
        var url = await server.GetServiceUrlAsync();
        using var client = await server.CreateClientAsync();
        var table = await server.CreateTableAsync(client, "cold");
        var store = new DynamoDbAppStore(client, table, TimeProvider.System);
        var keyFile = Path.Combine(folder, "secret.key");
        File.Delete(keyFile);
        using (var protector = AesGcmSecretProtector.FromKeyFile(keyFile))
        {
            var now = DateTimeOffset.UtcNow;
            var ciphertext = await protector.ProtectAsync(VerificationWorld.AppId, Encoding.UTF8.GetBytes(BenchCredentials.AppSecret));
            var app = new AppRecord
            {
                AppId = VerificationWorld.AppId,
                Name = "Cold start app",
                AppKey = BenchCredentials.AppKey,
                Secrets = [new StoredSecret(ciphertext, null)],
                Version = 1,
                CreatedAt = now,
                UpdatedAt = now,
            };
            await store.CreateAppAsync(app, [new AppCodeRecord("cold-code", app.AppId, AppCodeHasher.Hash(BenchCredentials.AppCode), BenchCredentials.AppCode[^4..], now)]);
            await store.PutAuthorizationAsync(new AppAuthorization
            {
                AuthId = "cold-auth",
                AppId = app.AppId,
                ApiId = "*",
                Stage = "*",
                Routes = [new RouteGrant("*", "/*")],
                CreatedAt = now,
            });
        }

        // Written last and renamed into place, so the script never reads half a file.
        var env = new StringBuilder()
            .AppendLine($"AUTHORIZER_TABLE_NAME={table}")
            .AppendLine($"AUTHORIZER_DYNAMODB_ENDPOINT={url}")
            .AppendLine($"AUTHORIZER_SECRET_KEY_FILE={keyFile}")
            .AppendLine($"COLD_START_APPCODE={BenchCredentials.AppCode}")
            .ToString();
        var envFile = Path.Combine(folder, "world.env");
        await File.WriteAllTextAsync(envFile + ".tmp", env);
        File.Move(envFile + ".tmp", envFile, overwrite: true);

        await Console.In.ReadToEndAsync();
        return 0;
    }
}
