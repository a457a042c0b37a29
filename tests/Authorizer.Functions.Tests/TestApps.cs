using System.Text;
using System.Text.Json.Nodes;
using Authorizer.Core.Model;
using Authorizer.Core.Secrets;
using Authorizer.Functions.Hosting;

namespace Authorizer.Functions.Tests;

/// <summary>Apps created through the real composition's store and secret protector, and events that present them.</summary>
internal static class TestApps
{
    /// <summary>Creates an enabled app with fresh credentials and no authorizations.</summary>
    public static async Task<(string AppId, string AppKey, string AppSecret)> CreateAsync(AuthorizerServices services, string name)
    {
        var appId = CredentialGenerator.NewId();
        var appKey = CredentialGenerator.NewAppKey();
        var appSecret = CredentialGenerator.NewAppSecret();
        var ciphertext = await services.SecretProtector.ProtectAsync(appId, Encoding.UTF8.GetBytes(appSecret));
        var now = DateTimeOffset.UtcNow;
        await services.Store.CreateAppAsync(
            new AppRecord
            {
                AppId = appId,
                Name = name,
                AppKey = appKey,
                Secrets = [new StoredSecret(ciphertext, null)],
                CreatedAt = now,
                UpdatedAt = now,
            },
            []);
        return (appId, appKey, appSecret);
    }

    /// <summary>The REST request sample carrying app_basic credentials.</summary>
    public static JsonObject BasicEvent(string appKey, string appSecret)
    {
        var evt = TestEvents.RestRequest();
        evt["headers"]!["Authorization"] = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(appKey + ":" + appSecret));
        return evt;
    }
}
