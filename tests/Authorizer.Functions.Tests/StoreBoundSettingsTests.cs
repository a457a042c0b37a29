using Authorizer.Functions.Settings;

namespace Authorizer.Functions.Tests;

public sealed class StoreBoundSettingsTests
{
    private static AuthorizerSettings Read(params (string Name, string? Value)[] variables) =>
        AuthorizerSettings.FromVariables(variables.ToDictionary(v => v.Name, v => v.Value));

    [Fact]
    public void By_default_a_store_request_takes_at_most_a_second_and_a_decision_one_and_a_half()
    {
        var settings = Read();

        Assert.Equal(TimeSpan.FromMilliseconds(1000), settings.StoreTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), settings.DecisionDeadline);
    }

    [Fact]
    public void By_default_a_management_call_takes_at_most_five_seconds_and_the_bound_is_read_in_milliseconds()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(5000), Read().ManagementDeadline);
        Assert.Equal(TimeSpan.FromMilliseconds(1800), Read(("AUTHORIZER_MANAGEMENT_DEADLINE_MS", "1800")).ManagementDeadline);
    }

    [Fact]
    public void A_store_timeout_longer_than_the_management_deadline_is_refused()
    {
        var error = Assert.Throws<AuthorizerSettingsException>(() =>
            Read(("AUTHORIZER_STORE_TIMEOUT_MS", "900"), ("AUTHORIZER_MANAGEMENT_DEADLINE_MS", "800")));

        Assert.Contains("AUTHORIZER_STORE_TIMEOUT_MS must not exceed AUTHORIZER_MANAGEMENT_DEADLINE_MS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_bounds_are_read_in_milliseconds()
    {
        var settings = Read(("AUTHORIZER_STORE_TIMEOUT_MS", "250"), ("AUTHORIZER_DECISION_DEADLINE_MS", "900"));

        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.StoreTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(900), settings.DecisionDeadline);
    }

    [Theory]
    [InlineData("AUTHORIZER_STORE_TIMEOUT_MS", "0")]
    [InlineData("AUTHORIZER_STORE_TIMEOUT_MS", "49")]
    [InlineData("AUTHORIZER_DECISION_DEADLINE_MS", "10001")]
    [InlineData("AUTHORIZER_DECISION_DEADLINE_MS", "1.5s")]
    [InlineData("AUTHORIZER_MANAGEMENT_DEADLINE_MS", "49")]
    [InlineData("AUTHORIZER_MANAGEMENT_DEADLINE_MS", "10001")]
    public void Out_of_range_bounds_fail_the_cold_start_naming_the_variable(string name, string value)
    {
        var error = Assert.Throws<AuthorizerSettingsException>(() => Read((name, value)));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_timeout_longer_than_the_decision_deadline_is_refused()
    {
        var error = Assert.Throws<AuthorizerSettingsException>(() =>
            Read(("AUTHORIZER_STORE_TIMEOUT_MS", "2000"), ("AUTHORIZER_DECISION_DEADLINE_MS", "1000")));

        Assert.Contains("AUTHORIZER_STORE_TIMEOUT_MS must not exceed AUTHORIZER_DECISION_DEADLINE_MS", error.Message, StringComparison.Ordinal);
    }
}
