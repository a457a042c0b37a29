using System.Diagnostics;
using System.Text.Json;
using Authorizer.Functions.Hosting;
using Authorizer.Functions.Management;
using Authorizer.Functions.Settings;

namespace Authorizer.Management.Tests;

/// <summary>
/// A management call has a deadline, as an authorizer decision does: on a store that never answers, the function
/// answers 503 <c>deadline_exceeded</c> (a problem, no details) when the deadline passes, never holding the call
/// until the Lambda timeout.
/// </summary>
public sealed class ManagementDeadlineTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("authorizer-mgmt-deadline-");

    public void Dispose() => ConcurrentRun.DeleteQuietly(_dir);

    [Fact]
    public void The_composition_takes_the_deadline_from_the_settings()
    {
        var variables = HandlerDriver.BaseVariables(_dir.FullName);
        variables[AuthorizerSettings.SqlitePathVariable] = Path.Combine(_dir.FullName, "apps.db");
        variables[AuthorizerSettings.ManagementDeadlineVariable] = "1700";
        using var services = AuthorizerServices.Create(AuthorizerSettings.FromVariables(variables), new FakeTimeProvider());
        using var composition = ManagementComposition.From(services);

        Assert.Equal(TimeSpan.FromMilliseconds(1700), composition.Deadline);
    }

    /// <summary>AUTHORIZER_MANAGEMENT_DEADLINE_MS's default, which the function takes when built on an API alone.</summary>
    private static readonly TimeSpan DefaultDeadline = TimeSpan.FromMilliseconds(5000);

    [Fact]
    public async Task A_call_on_a_store_that_never_answers_is_503_deadline_exceeded_at_the_deadline()
    {
        var time = new FakeTimeProvider();
        using var h = await ApiHarness.CreateAsync(new InstrumentedAppStore(time), time: time);
        ((InstrumentedAppStore)h.Store).HangReads = true;
        var clock = Stopwatch.StartNew();

        var response = await ManagementFunctionTests.InvokeAsync(
                new ManagementFunction(h.Api), ManagementFunctionTests.Event("GET", "/v1/apps", h.Admin.AppId, null, base64: false))
            .WaitAsync(DefaultDeadline + TimeSpan.FromSeconds(5));

        clock.Stop();
        Assert.Equal(503, response.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/problem+json", response.GetProperty("headers").GetProperty("Content-Type").GetString());
        using var problem = JsonDocument.Parse(response.GetProperty("body").GetString()!);
        Assert.Equal("deadline_exceeded", problem.RootElement.GetProperty("code").GetString());
        Assert.True(clock.Elapsed >= DefaultDeadline - TimeSpan.FromMilliseconds(50), $"Answered after {clock.Elapsed}, before the deadline.");
    }

    [Fact]
    public async Task A_shorter_deadline_ends_the_call_sooner_and_a_store_that_answers_is_unaffected()
    {
        var time = new FakeTimeProvider();
        using var h = await ApiHarness.CreateAsync(new InstrumentedAppStore(time), time: time);
        var function = new ManagementFunction(h.Api, TimeSpan.FromMilliseconds(300));
        var request = ManagementFunctionTests.Event("GET", "/v1/apps", h.Admin.AppId, null, base64: false);

        Assert.Equal(200, (await ManagementFunctionTests.InvokeAsync(function, request)).GetProperty("statusCode").GetInt32());

        ((InstrumentedAppStore)h.Store).HangReads = true;
        var clock = Stopwatch.StartNew();
        var hung = await ManagementFunctionTests.InvokeAsync(function, request).WaitAsync(TimeSpan.FromSeconds(4));

        Assert.Equal(503, hung.GetProperty("statusCode").GetInt32());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"Answered after {clock.Elapsed}.");
    }
}
