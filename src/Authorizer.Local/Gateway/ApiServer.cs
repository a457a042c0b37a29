using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Authorizer.Local.Seeding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Authorizer.Local.Gateway;

/// <summary>
/// One API of the template served on its own loopback port, the way API Gateway serves it. The runner's own route,
/// <c>GET /.well-known/jwks.json</c> (the demo identity provider's public keys), is served only when the API has no
/// template route that matches it: the template always wins, so the runner never hides one of its routes.
/// </summary>
internal sealed class ApiServer : IAsyncDisposable
{
    private const int MaxBodyBytes = 10 * 1024 * 1024;

    private readonly ApiContext _api;
    private readonly RouteTable _routes;
    private readonly AuthorizerInvoker _authorizers;
    private readonly ProxyIntegration _proxy;
    private readonly TimeProvider _time;
    private readonly RequestLog _log;
    private readonly CorsEmulation _cors;
    private readonly byte[]? _jwks;
    private WebApplication? _app;

    public ApiServer(ApiContext api, AuthorizerInvoker authorizers, ProxyIntegration proxy, TimeProvider time, RequestLog log, string? jwks = null)
    {
        _api = api;
        _routes = new RouteTable(api.Definition.Routes);
        _authorizers = authorizers;
        _proxy = proxy;
        _time = time;
        _log = log;
        _cors = new CorsEmulation(api.Definition);
        _jwks = jwks is not null && _routes.Match("GET", DemoIdentityProvider.JwksPath) is null ? Encoding.UTF8.GetBytes(jwks) : null;
    }

    public ApiContext Api => _api;

    /// <summary>The demo identity provider's JWKS URL on this API's port, or null when it is not served here.</summary>
    public Uri? JwksUri => _jwks is null ? null : new Uri(BaseUri, DemoIdentityProvider.JwksPath.TrimStart('/'));

    /// <summary>The host's configuration once started (for tests: which sources it reads).</summary>
    internal IConfiguration? Configuration => _app?.Configuration;

    public Uri BaseUri { get; private set; } = new("http://127.0.0.1/");

    public async Task StartAsync(int port, CancellationToken cancellationToken)
    {
        // An empty builder: the default ones read appsettings*.json with reload on change, which watches the
        // working folder (and everything under it) for every API's host, so each SQLite commit and each log line
        // written below it woke the watcher threads (a fifth of the process's CPU under signed load).
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, port);
            options.Limits.MaxRequestBodySize = MaxBodyBytes;
            options.AddServerHeader = false;
        });
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUri = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        var requestId = Guid.NewGuid().ToString();
        var authorizer = new StrongBox<string>("-");
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.ToString();

        // Logged as the response starts, so the line exists by the time a client has the answer.
        http.Response.OnStarting(() =>
        {
            _log.Request(_api.ApiId, http.Request.Method, target, http.Response.StatusCode, authorizer.Value!, Stopwatch.GetElapsedTime(started));
            return Task.CompletedTask;
        });
        await ServeAsync(http, requestId, authorizer).ConfigureAwait(false);
    }

    private async Task ServeAsync(HttpContext http, string requestId, StrongBox<string> authorizerSource)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.ToUriComponent();
        var question = raw.IndexOf('?', StringComparison.Ordinal);
        var rawPath = question < 0 ? raw : raw[..question];
        var rawQuery = question < 0 ? string.Empty : raw[(question + 1)..];

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException)
        {
            await WriteRenderedErrorAsync(http, GatewayResponder.TooLarge(), requestId, new Dictionary<string, string[]>()).ConfigureAwait(false);
            return;
        }

        var headers = http.Request.Headers
            .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? string.Empty)))
            .ToList();
        var request = new GatewayRequest(
            http.Request.Method.ToUpperInvariant(),
            rawPath,
            rawQuery,
            headers,
            body,
            http.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1",
            requestId,
            _time.GetUtcNow());

        if (_jwks is not null && request.Method is "GET" or "HEAD" && rawPath == DemoIdentityProvider.JwksPath)
        {
            var jwksHeaders = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
            {
                ["Content-Type"] = ["application/json"],
                ["Cache-Control"] = ["max-age=300"],
            };
            await WriteAsync(http, request, 200, jwksHeaders, request.Method == "HEAD" ? ReadOnlyMemory<byte>.Empty : _jwks, applyCors: false).ConfigureAwait(false);
            return;
        }

        var match = _routes.Match(request.Method, rawPath);
        if (_cors.Preflight(request, match) is { } preflight)
        {
            // The gateway's own preflight answer already carries exactly its CORS headers.
            var preflightHeaders = preflight.Headers.ToDictionary(h => h.Key, h => new[] { h.Value }, StringComparer.OrdinalIgnoreCase);
            await WriteAsync(http, request, preflight.StatusCode, preflightHeaders, Encoding.UTF8.GetBytes(preflight.Body), applyCors: false).ConfigureAwait(false);
            return;
        }

        if (match is null)
        {
            await WriteErrorAsync(http, request, GatewayResponder.MissingRoute()).ConfigureAwait(false);
            return;
        }

        JsonObject? authorizerContext = null;
        authorizerSource.Value = "none";
        if (match.Route.AuthorizerName is { } name)
        {
            var outcome = await _authorizers.AuthorizeAsync(request, match, _api, _api.Definition.Authorizers[name], http.RequestAborted)
                .ConfigureAwait(false);
            authorizerSource.Value = outcome.Source;
            GatewayError? error = outcome.Kind switch
            {
                AuthorizerOutcomeKind.Unauthorized => GatewayResponder.Unauthorized(),
                AuthorizerOutcomeKind.Deny => GatewayResponder.AccessDenied(outcome.Context, outcome.ExplicitDeny),
                AuthorizerOutcomeKind.Failure => GatewayResponder.AuthorizerFailure(),
                AuthorizerOutcomeKind.ConfigurationError => GatewayResponder.AuthorizerConfigurationError(),
                _ => null,
            };
            if (error is not null)
            {
                await WriteErrorAsync(http, request, error).ConfigureAwait(false);
                return;
            }

            authorizerContext = outcome.Context;
        }

        var proxyEvent = ProxyEventBuilder.Build(request, match, _api, authorizerContext);
        var response = await _proxy.InvokeAsync(match.Route.FunctionLogicalId, proxyEvent, http.RequestAborted).ConfigureAwait(false);
        if (response is null)
        {
            await WriteErrorAsync(http, request, GatewayResponder.IntegrationFailure()).ConfigureAwait(false);
            return;
        }

        var responseHeaders = response.Headers
            .Where(h => !string.Equals(h.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(h => h.Value).ToArray(), StringComparer.OrdinalIgnoreCase);
        await WriteAsync(http, request, response.StatusCode, responseHeaders, response.Body).ConfigureAwait(false);
    }

    private async Task WriteAsync(HttpContext http, GatewayRequest request, int status, Dictionary<string, string[]> headers, ReadOnlyMemory<byte> body, bool applyCors = true)
    {
        if (applyCors)
        {
            _cors.Apply(request, headers);
        }

        http.Response.StatusCode = status;
        foreach (var (name, values) in headers)
        {
            http.Response.Headers[name] = values;
        }

        http.Response.Headers["X-Amzn-RequestId"] = request.RequestId;
        await http.Response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
    }

    private Task WriteErrorAsync(HttpContext http, GatewayRequest request, GatewayError error)
    {
        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        _cors.Apply(request, headers);
        return WriteRenderedErrorAsync(http, error, request.RequestId, headers);
    }

    private async Task WriteRenderedErrorAsync(HttpContext http, GatewayError error, string requestId, Dictionary<string, string[]> extraHeaders)
    {
        var rendered = GatewayResponder.Render(error, _api, requestId);
        http.Response.StatusCode = rendered.StatusCode;
        foreach (var (name, value) in rendered.Headers)
        {
            http.Response.Headers[name] = value;
        }

        foreach (var (name, values) in extraHeaders)
        {
            http.Response.Headers[name] = values;
        }

        http.Response.Headers["X-Amzn-RequestId"] = requestId;
        http.Response.Headers["x-amzn-ErrorType"] = error.Type switch
        {
            "UNAUTHORIZED" => "UnauthorizedException",
            "ACCESS_DENIED" => "AccessDeniedException",
            "MISSING_AUTHENTICATION_TOKEN" => "MissingAuthenticationTokenException",
            _ => "InternalServerErrorException",
        };
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(rendered.Body), http.RequestAborted).ConfigureAwait(false);
    }
}
