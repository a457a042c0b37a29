using Authorizer.Functions.Hosting;
using Authorizer.Functions.Settings;

namespace Authorizer.Functions.Tests;

public sealed class ThrottleSettingsTests
{
    private static AuthorizerSettings Read(params (string Name, string? Value)[] variables) =>
        AuthorizerSettings.FromVariables(variables.ToDictionary(v => v.Name, v => v.Value));

    [Fact]
    public void Throttle_defaults_are_20_failures_in_60_seconds_blocking_for_60_seconds()
    {
        var throttle = Read().FailureThrottle;

        Assert.True(throttle.Enabled);
        Assert.Equal(20, throttle.MaxFailures);
        Assert.Equal(TimeSpan.FromSeconds(60), throttle.Window);
        Assert.Equal(TimeSpan.FromSeconds(60), throttle.BlockDuration);
    }

    [Fact]
    public void Throttle_values_are_read()
    {
        var throttle = Read(
            (AuthorizerSettings.ThrottleMaxFailuresVariable, "5"),
            (AuthorizerSettings.ThrottleWindowVariable, "300"),
            (AuthorizerSettings.ThrottleBlockVariable, "900")).FailureThrottle;

        Assert.True(throttle.Enabled);
        Assert.Equal(5, throttle.MaxFailures);
        Assert.Equal(TimeSpan.FromSeconds(300), throttle.Window);
        Assert.Equal(TimeSpan.FromSeconds(900), throttle.BlockDuration);
        throttle.Validate();
    }

    [Fact]
    public void Zero_max_failures_turns_the_throttle_off()
    {
        var throttle = Read((AuthorizerSettings.ThrottleMaxFailuresVariable, "0")).FailureThrottle;

        Assert.False(throttle.Enabled);
        throttle.Validate();
    }

    [Theory]
    [InlineData(AuthorizerSettings.ThrottleMaxFailuresVariable, "-1")]
    [InlineData(AuthorizerSettings.ThrottleMaxFailuresVariable, "twenty")]
    [InlineData(AuthorizerSettings.ThrottleMaxFailuresVariable, "1000001")]
    [InlineData(AuthorizerSettings.ThrottleWindowVariable, "0")]
    [InlineData(AuthorizerSettings.ThrottleWindowVariable, "86401")]
    [InlineData(AuthorizerSettings.ThrottleWindowVariable, "1.5")]
    [InlineData(AuthorizerSettings.ThrottleBlockVariable, "0")]
    [InlineData(AuthorizerSettings.ThrottleBlockVariable, "-60")]
    [InlineData(AuthorizerSettings.ThrottleBlockVariable, "1m")]
    public void Each_bad_throttle_value_fails_with_a_message_naming_the_variable(string name, string value)
    {
        var ex = Assert.Throws<AuthorizerSettingsException>(() => Read((name, value)));

        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        Assert.Equal([name], ex.Variables);
    }

    [Fact]
    public async Task A_configured_low_limit_yields_too_many_failures_through_the_composition()
    {
        var folder = Path.Combine(Path.GetTempPath(), "authorizer-throttle-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var services = AuthorizerServices.Create(AuthorizerSettings.FromVariables(new Dictionary<string, string?>
            {
                [AuthorizerSettings.SqlitePathVariable] = Path.Combine(folder, "apps.db"),
                [AuthorizerSettings.SecretKeyFileVariable] = Path.Combine(folder, "secret.key"),
                [AuthorizerSettings.TokenKeyFileVariable] = Path.Combine(folder, "token-key.pem"),
                [AuthorizerSettings.LogLevelVariable] = "none",
                [AuthorizerSettings.MetricsVariable] = "off",
                [AuthorizerSettings.ThrottleMaxFailuresVariable] = "2",
            }), TimeProvider.System, new MemoryStream());
            var (_, appKey, _) = await TestApps.CreateAsync(services, "throttle");
            var function = new AuthorizerFunction(services);

            var codes = new List<string?>();
            for (var i = 0; i < 3; i++)
            {
                var response = TestEvents.Read(await function.Handler(TestEvents.ToStream(TestApps.BasicEvent(appKey, "wrong-secret-" + i))));
                codes.Add((string?)response["context"]!["errorCode"]);
            }

            Assert.NotEqual("too_many_failures", codes[0]);
            Assert.NotEqual("too_many_failures", codes[1]);
            Assert.Equal("too_many_failures", codes[2]);
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
