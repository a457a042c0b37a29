using System.Net;
using System.Text;
using Authorizer.Local.RuntimeApi;

namespace Authorizer.Local.Tests;

/// <summary>The emulated Runtime API's contract, driven by a hand-written runtime over HTTP.</summary>
public sealed class RuntimeApiEmulatorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Next_hands_out_the_event_and_the_posted_response_is_the_result()
    {
        await using var emulator = new RuntimeApiEmulator();
        emulator.Start();
        using var runtime = Client(emulator);

        var invocation = emulator.InvokeAsync("{\"n\":1}"u8.ToArray(), Timeout);
        using var next = await runtime.GetAsync(new Uri("invocation/next", UriKind.Relative));
        var requestId = Assert.Single(next.Headers.GetValues("Lambda-Runtime-Aws-Request-Id"));
        Assert.True(long.Parse(Assert.Single(next.Headers.GetValues("Lambda-Runtime-Deadline-Ms")), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("{\"n\":1}", await next.Content.ReadAsStringAsync());
        using var posted = await runtime.PostAsync(new Uri($"invocation/{requestId}/response", UriKind.Relative), new StringContent("{\"ok\":true}"));

        var result = await invocation;
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.False(result.IsError);
        Assert.Equal(requestId, result.RequestId);
        Assert.Equal("{\"ok\":true}", Encoding.UTF8.GetString(result.Payload));
    }

    [Fact]
    public async Task A_posted_error_is_an_error_result_with_its_type()
    {
        await using var emulator = new RuntimeApiEmulator();
        emulator.Start();
        using var runtime = Client(emulator);

        var invocation = emulator.InvokeAsync("{}"u8.ToArray(), Timeout);
        using var next = await runtime.GetAsync(new Uri("invocation/next", UriKind.Relative));
        var requestId = Assert.Single(next.Headers.GetValues("Lambda-Runtime-Aws-Request-Id"));
        using var content = new StringContent("{\"errorMessage\":\"Unauthorized\",\"errorType\":\"Exception\"}");
        content.Headers.Add("Lambda-Runtime-Function-Error-Type", "Exception");
        using var posted = await runtime.PostAsync(new Uri($"invocation/{requestId}/error", UriKind.Relative), content);

        var result = await invocation;
        Assert.True(result.IsError);
        Assert.Equal("Exception", result.ErrorType);
        Assert.Contains("Unauthorized", Encoding.UTF8.GetString(result.Payload), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_init_error_ends_the_waiting_invocation()
    {
        await using var emulator = new RuntimeApiEmulator();
        emulator.Start();
        using var runtime = Client(emulator);

        var invocation = emulator.InvokeAsync("{}"u8.ToArray(), Timeout);
        using var content = new StringContent("{\"errorMessage\":\"bad setting\",\"errorType\":\"AuthorizerSettingsException\"}");
        content.Headers.Add("Lambda-Runtime-Function-Error-Type", "AuthorizerSettingsException");
        using var posted = await runtime.PostAsync(new Uri("init/error", UriKind.Relative), content);

        var result = await invocation;
        Assert.True(result.IsError);
        Assert.Equal("AuthorizerSettingsException", result.ErrorType);
        Assert.True(emulator.InitError.IsCompleted);
    }

    [Fact]
    public async Task A_response_for_an_unknown_request_id_is_rejected()
    {
        await using var emulator = new RuntimeApiEmulator();
        emulator.Start();
        using var runtime = Client(emulator);

        using var posted = await runtime.PostAsync(new Uri("invocation/not-a-request/response", UriKind.Relative), new StringContent("{}"));

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
    }

    private static HttpClient Client(RuntimeApiEmulator emulator) =>
        new() { BaseAddress = new Uri($"http://{emulator.RuntimeApiAddress}/2018-06-01/runtime/"), Timeout = Timeout };
}
