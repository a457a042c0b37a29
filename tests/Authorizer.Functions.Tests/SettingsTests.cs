using System.Security.Cryptography;
using System.Text.Json;
using Authorizer.Functions.Settings;

namespace Authorizer.Functions.Tests;

public sealed class SettingsTests
{
    private static AuthorizerSettings Read(params (string Name, string? Value)[] variables) =>
        AuthorizerSettings.FromVariables(variables.ToDictionary(v => v.Name, v => v.Value));

    [Fact]
    public void Defaults_use_local_files_and_simple_http_api_responses()
    {
        var settings = Read();

        Assert.False(settings.UsesDynamoDb);
        Assert.Equal(".authorizer/local.db", settings.SqlitePath);
        Assert.Equal(".authorizer/secret.key", settings.SecretKeyFile);
        Assert.Equal(".authorizer/token-key.pem", settings.TokenKeyFile);
        Assert.Null(settings.KmsKeyId);
        Assert.Null(settings.TokenPublicKeys);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.CacheTtl);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.NegativeCacheTtl);
        Assert.Equal(HttpApiResponseFormat.Simple, settings.HttpApiResponse);
        Assert.Equal(AuthorizerLogLevel.Information, settings.LogLevel);
        Assert.True(settings.EmitMetrics);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.TokenRevocationStaleness);
    }

    [Fact]
    public void Valid_values_are_read()
    {
        var settings = Read(
            ("AUTHORIZER_TABLE_NAME", "authorizer-apps"),
            ("AUTHORIZER_DYNAMODB_ENDPOINT", "http://127.0.0.1:4567"),
            ("AUTHORIZER_KMS_KEY_ID", "alias/authorizer"),
            ("AUTHORIZER_TOKEN_KMS_KEY_ID", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
            ("AUTHORIZER_CACHE_TTL_SECONDS", "0"),
            ("AUTHORIZER_NEGATIVE_CACHE_TTL_SECONDS", "30"),
            ("AUTHORIZER_TOKEN_REVOCATION_STALENESS_SECONDS", "0"),
            ("AUTHORIZER_HTTP_API_RESPONSE", "IAM"),
            ("AUTHORIZER_LOG_LEVEL", "warn"),
            ("AUTHORIZER_METRICS", "off"),
            ("AUTHORIZER_SQLITE_PATH", "/tmp/x/apps.db"));

        Assert.True(settings.UsesDynamoDb);
        Assert.Equal("authorizer-apps", settings.TableName);
        Assert.Equal(new Uri("http://127.0.0.1:4567"), settings.DynamoDbEndpoint);
        Assert.Equal("alias/authorizer", settings.KmsKeyId);
        Assert.Equal(TimeSpan.Zero, settings.CacheTtl);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.NegativeCacheTtl);
        Assert.Equal(TimeSpan.Zero, settings.TokenRevocationStaleness);
        Assert.Equal(HttpApiResponseFormat.Iam, settings.HttpApiResponse);
        Assert.Equal(AuthorizerLogLevel.Warning, settings.LogLevel);
        Assert.Equal("/tmp/x/apps.db", settings.SqlitePath);
        Assert.False(settings.EmitMetrics);
    }

    [Fact]
    public void Empty_values_count_as_unset()
    {
        var settings = Read(("AUTHORIZER_TABLE_NAME", ""), ("AUTHORIZER_CACHE_TTL_SECONDS", ""));

        Assert.False(settings.UsesDynamoDb);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.CacheTtl);
    }

    [Theory]
    [InlineData("AUTHORIZER_TABLE_NAME", "a b")]
    [InlineData("AUTHORIZER_TABLE_NAME", "ab")]
    [InlineData("AUTHORIZER_KMS_KEY_ID", "alias/with space")]
    [InlineData("AUTHORIZER_TOKEN_KMS_KEY_ID", "key\nid")]
    [InlineData("AUTHORIZER_CACHE_TTL_SECONDS", "-1")]
    [InlineData("AUTHORIZER_CACHE_TTL_SECONDS", "sixty")]
    [InlineData("AUTHORIZER_CACHE_TTL_SECONDS", "3601")]
    [InlineData("AUTHORIZER_NEGATIVE_CACHE_TTL_SECONDS", "1.5")]
    [InlineData("AUTHORIZER_CACHE_MAX_ENTRIES", "0")]
    [InlineData("AUTHORIZER_TOKEN_REVOCATION_STALENESS_SECONDS", "301")]
    [InlineData("AUTHORIZER_TOKEN_REVOCATION_STALENESS_SECONDS", "-1")]
    [InlineData("AUTHORIZER_HTTP_API_RESPONSE", "policy")]
    [InlineData("AUTHORIZER_LOG_LEVEL", "verbose")]
    [InlineData("AUTHORIZER_METRICS", "cloudwatch")]
    [InlineData("AUTHORIZER_SQLITE_PATH", "dir/")]
    [InlineData("AUTHORIZER_SECRET_KEY_FILE", "   ")]
    [InlineData("AUTHORIZER_TOKEN_KEY_FILE", "a\0b")]
    [InlineData("AUTHORIZER_TOKEN_PUBLIC_KEYS", "not json")]
    [InlineData("AUTHORIZER_TOKEN_PUBLIC_KEYS", "[]")]
    [InlineData("AUTHORIZER_TOKEN_PUBLIC_KEYS", "{}")]
    [InlineData("AUTHORIZER_TOKEN_PUBLIC_KEYS", "{\"k1\":\"-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----\"}")]
    [InlineData("AUTHORIZER_TOKEN_PUBLIC_KEYS", "{\"k1\":42}")]
    public void Each_bad_value_fails_with_a_message_naming_the_variable(string name, string value)
    {
        var ex = Assert.Throws<AuthorizerSettingsException>(() => Read((name, value)));

        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        Assert.Equal([name], ex.Variables);
    }

    [Fact]
    public void Endpoint_without_a_table_is_refused()
    {
        var ex = Assert.Throws<AuthorizerSettingsException>(() => Read(("AUTHORIZER_DYNAMODB_ENDPOINT", "http://127.0.0.1:4567")));

        Assert.Contains("AUTHORIZER_DYNAMODB_ENDPOINT", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:4567")]
    [InlineData("ftp://host")]
    public void Endpoint_must_be_an_http_url(string value)
    {
        var ex = Assert.Throws<AuthorizerSettingsException>(() => Read(("AUTHORIZER_TABLE_NAME", "apps"), ("AUTHORIZER_DYNAMODB_ENDPOINT", value)));

        Assert.Equal(["AUTHORIZER_DYNAMODB_ENDPOINT"], ex.Variables);
    }

    [Fact]
    public void Several_bad_values_are_all_reported()
    {
        var ex = Assert.Throws<AuthorizerSettingsException>(() => Read(
            ("AUTHORIZER_CACHE_TTL_SECONDS", "x"),
            ("AUTHORIZER_HTTP_API_RESPONSE", "x")));

        Assert.Equal(["AUTHORIZER_CACHE_TTL_SECONDS", "AUTHORIZER_HTTP_API_RESPONSE"], ex.Variables);
    }

    [Fact]
    public void Token_public_keys_accept_p256_public_keys_by_kid()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var json = JsonSerializer.Serialize(new Dictionary<string, string> { ["k1"] = key.ExportSubjectPublicKeyInfoPem() });

        var settings = Read(("AUTHORIZER_TOKEN_PUBLIC_KEYS", json));

        Assert.Equal(["k1"], settings.TokenPublicKeys!.Keys);
    }

    [Fact]
    public void Token_public_keys_refuse_a_private_key_without_echoing_it()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var privatePem = key.ExportECPrivateKeyPem();
        var json = JsonSerializer.Serialize(new Dictionary<string, string> { ["k1"] = privatePem });

        var ex = Assert.Throws<AuthorizerSettingsException>(() => Read(("AUTHORIZER_TOKEN_PUBLIC_KEYS", json)));

        Assert.DoesNotContain(privatePem.Split('\n')[1], ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_public_keys_refuse_other_curves()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var json = JsonSerializer.Serialize(new Dictionary<string, string> { ["k1"] = key.ExportSubjectPublicKeyInfoPem() });

        Assert.Throws<AuthorizerSettingsException>(() => Read(("AUTHORIZER_TOKEN_PUBLIC_KEYS", json)));
    }
}
