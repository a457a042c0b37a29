using System.Net;
using System.Text;
using Authorizer.Backend.AspNetCore;
using Authorizer.Core.Decisions;
using Authorizer.Core.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using static Authorizer.Backend.Tests.BackendWorld;

namespace Authorizer.Backend.Tests;

/// <summary>The ASP.NET Core middleware over a real pipeline (TestServer): refusals never reach the app, which reads the body as sent.</summary>
public sealed class MiddlewareTests
{
    private static readonly byte[] JsonBytes = Encoding.UTF8.GetBytes(JsonBody);

    private static async Task<WebApplication> StartAsync(BackendWorld world, string? deferred, bool viaGateway = true, int maxBodyBytes = BackendOptions.DefaultMaxBodyBytes)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        app.UseBackendVerification(
            world.Directory,
            options =>
            {
                options.Limits = new BackendOptions { MaxBodyBytes = maxBodyBytes };
                options.Gateway = _ => viaGateway
                    ? new GatewayContext
                    {
                        ApiId = ApiId,
                        Authorizer = deferred is null
                            ? new Dictionary<string, string> { ["appId"] = AppId }
                            : new Dictionary<string, string> { ["appId"] = AppId, [DeferredSignature.ContextKey] = deferred },
                    }
                    : null;
            },
            world.Clock);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            await context.Response.WriteAsync("app read: " + await reader.ReadToEndAsync());
        });
        await app.StartAsync();
        return app;
    }

    private static HttpRequestMessage Request(BackendWorld world, byte[] signedBody, byte[] sentBody)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "http://" + Host + "/echo/orders") { Content = new ByteArrayContent(sentBody) };
        foreach (var (name, value) in world.Sign(SchemeIds.SignatureSdk, "POST", "/echo/orders", "application/json", signedBody))
        {
            if (name is "Content-Type" or "Content-Length")
            {
                message.Content.Headers.TryAddWithoutValidation(name, name == "Content-Length" ? sentBody.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) : value);
            }
            else if (name != "Host")
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }

    [Fact]
    public async Task A_deferred_signature_that_verifies_reaches_the_app_with_the_body_intact()
    {
        using var world = await CreateAsync();
        await using var app = await StartAsync(world, SchemeIds.SignatureSdk);
        using var client = app.GetTestClient();

        using var response = await client.SendAsync(Request(world, JsonBytes, JsonBytes));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("app read: " + JsonBody, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_changed_body_byte_is_refused_with_the_gateway_error_shape()
    {
        using var world = await CreateAsync();
        await using var app = await StartAsync(world, SchemeIds.SignatureSdk);
        using var client = app.GetTestClient();
        var tampered = Encoding.UTF8.GetBytes(JsonBody.Replace("9", "8", StringComparison.Ordinal));

        using var response = await client.SendAsync(Request(world, JsonBytes, tampered));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(ErrorCodes.InvalidSignature, response.Headers.GetValues("X-Ca-Error-Code").Single());
        Assert.DoesNotContain("app read", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413()
    {
        using var world = await CreateAsync();
        await using var app = await StartAsync(world, SchemeIds.SignatureSdk, maxBodyBytes: 8);
        using var client = app.GetTestClient();

        using var response = await client.SendAsync(Request(world, JsonBytes, JsonBytes));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_a_413_not_an_error()
    {
        using var world = await CreateAsync();
        await using var app = await StartAsync(world, SchemeIds.SignatureSdk, maxBodyBytes: 8);
        using var client = app.GetTestClient();
        using var request = Request(world, JsonBytes, JsonBytes);
        request.Content = new UnknownLengthContent(new byte[64 * 1024]);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_request_without_a_gateway_context_is_refused()
    {
        using var world = await CreateAsync();
        await using var app = await StartAsync(world, deferred: null, viaGateway: false);
        using var client = app.GetTestClient();

        using var response = await client.SendAsync(Request(world, JsonBytes, JsonBytes));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_middleware_will_not_start_without_a_way_to_read_the_gateway_context()
    {
        using var world = await CreateAsync();

        Assert.Throws<ArgumentException>(() => new BackendVerificationMiddleware(_ => Task.CompletedTask, world.Verifier(), new BackendVerificationOptions()));
    }

    /// <summary>A body whose length is not announced (sent chunked), so only the read itself can see it is too large.</summary>
    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
