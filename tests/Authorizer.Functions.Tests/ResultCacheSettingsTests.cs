using Authorizer.Functions.Hosting;
using Authorizer.Functions.Settings;

namespace Authorizer.Functions.Tests;

/// <summary>AUTHORIZER_RESULT_CACHE tells the function that API Gateway caches its answers (docs/configuration.md).</summary>
public sealed class ResultCacheSettingsTests
{
    private static AuthorizerSettings Read(params (string Name, string? Value)[] variables) =>
        AuthorizerSettings.FromVariables(variables.ToDictionary(v => v.Name, v => v.Value));

    [Fact]
    public void The_result_cache_is_off_by_default()
    {
        Assert.False(Read().ServesResultCache);
    }

    [Theory]
    [InlineData("on", true)]
    [InlineData("ON", true)]
    [InlineData("off", false)]
    public void The_result_cache_setting_is_read(string value, bool expected)
    {
        Assert.Equal(expected, Read((AuthorizerSettings.ResultCacheVariable, value)).ServesResultCache);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("300")]
    public void A_bad_result_cache_value_fails_naming_the_variable(string value)
    {
        var ex = Assert.Throws<AuthorizerSettingsException>(() => Read((AuthorizerSettings.ResultCacheVariable, value)));

        Assert.Equal([AuthorizerSettings.ResultCacheVariable], ex.Variables);
    }

    [Theory]
    [InlineData("on", "scheme_not_cacheable")]
    [InlineData("off", "invalid_signature")]
    public async Task A_cached_function_refuses_a_signature_before_checking_it(string resultCache, string expectedCode)
    {
        var folder = Path.Combine(Path.GetTempPath(), "authorizer-result-cache-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var services = AuthorizerServices.Create(AuthorizerSettings.FromVariables(new Dictionary<string, string?>
            {
                [AuthorizerSettings.SqlitePathVariable] = Path.Combine(folder, "apps.db"),
                [AuthorizerSettings.SecretKeyFileVariable] = Path.Combine(folder, "secret.key"),
                [AuthorizerSettings.TokenKeyFileVariable] = Path.Combine(folder, "token-key.pem"),
                [AuthorizerSettings.LogLevelVariable] = "none",
                [AuthorizerSettings.MetricsVariable] = "off",
                [AuthorizerSettings.ResultCacheVariable] = resultCache,
            }), TimeProvider.System, new MemoryStream());
            var (_, appKey, _) = await TestApps.CreateAsync(services, "cached");
            var function = new AuthorizerFunction(services);
            var evt = TestEvents.RestRequest();
            var headers = evt["headers"]!.AsObject();
            headers.Remove("Authorization");
            headers["X-Ca-Key"] = appKey;
            headers["X-Ca-Signature"] = Convert.ToBase64String(new byte[32]);
            headers["X-Ca-Timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            headers["X-Ca-Signature-Headers"] = "x-ca-timestamp";

            var response = TestEvents.Read(await function.Handler(TestEvents.ToStream(evt)));

            Assert.Equal(expectedCode, (string?)response["context"]!["errorCode"]);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A pooled SQLite handle may linger; the folder is in the temp area.
            }
        }
    }
}
