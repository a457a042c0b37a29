using Authorizer.Functions.Settings;

namespace Authorizer.Functions.Tests;

public sealed class JwksSettingsTests
{
    private static AuthorizerSettings Read(params (string Name, string? Value)[] variables) =>
        AuthorizerSettings.FromVariables(variables.ToDictionary(v => v.Name, v => v.Value));

    [Fact]
    public void Unset_the_jwks_fetch_takes_half_the_deadline_and_at_most_a_second()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(750), Read().Jwks.FetchTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(1000), Read(("AUTHORIZER_DECISION_DEADLINE_MS", "5000")).Jwks.FetchTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(450), Read(("AUTHORIZER_STORE_TIMEOUT_MS", "250"), ("AUTHORIZER_DECISION_DEADLINE_MS", "900")).Jwks.FetchTimeout);
        Assert.False(Read().Jwks.AllowLoopbackHttp);
    }

    [Fact]
    public void A_jwks_timeout_that_does_not_fit_the_deadline_fails_the_cold_start()
    {
        var error = Assert.Throws<AuthorizerSettingsException>(() => Read(("AUTHORIZER_JWKS_TIMEOUT_MS", "1500")));
        Assert.Contains("AUTHORIZER_JWKS_TIMEOUT_MS", error.Message, StringComparison.Ordinal);
        Assert.Throws<AuthorizerSettingsException>(() => Read(("AUTHORIZER_JWKS_LOOPBACK_HTTP", "yes")));
        Assert.True(Read(("AUTHORIZER_JWKS_LOOPBACK_HTTP", "on")).Jwks.AllowLoopbackHttp);
    }
}
