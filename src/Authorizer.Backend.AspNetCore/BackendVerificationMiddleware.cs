using Authorizer.Core.Requests;
using Authorizer.Core.Signing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Authorizer.Backend.AspNetCore;

/// <summary>
/// Runs <see cref="BackendVerifier"/> before the rest of the pipeline: the body is read (up to the limit) and
/// rewound, so the application reads it again as usual; a refused request is answered with the gateway's error
/// shape and never reaches the application.
/// </summary>
public sealed class BackendVerificationMiddleware
{
    private readonly RequestDelegate _next;
    private readonly BackendVerifier _verifier;
    private readonly Func<HttpContext, GatewayContext?> _gateway;

    public BackendVerificationMiddleware(RequestDelegate next, BackendVerifier verifier, BackendVerificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(options);
        _next = next;
        _verifier = verifier;
        _gateway = options.Gateway ?? throw new ArgumentException("BackendVerificationOptions.Gateway must say where the gateway context of a request is.", nameof(options));
    }

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var gateway = _gateway(context);
        if (gateway is null)
        {
            await WriteAsync(context, BackendVerdict.Refused(403, BackendErrorCodes.InvalidEvent, "The request carries no API Gateway context.")).ConfigureAwait(false);
            return;
        }

        var limit = _verifier.Options.MaxBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await WriteAsync(context, BackendVerdict.Refused(413, BackendErrorCodes.BodyTooLarge, $"The body is larger than {limit} bytes.")).ConfigureAwait(false);
            return;
        }

        // No buffer limit here: the read below stops past the limit itself, with a 413 rather than an IOException.
        context.Request.EnableBuffering(bufferThreshold: 64 * 1024);
        var body = await ReadBodyAsync(context.Request, limit, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await WriteAsync(context, BackendVerdict.Refused(413, BackendErrorCodes.BodyTooLarge, $"The body is larger than {limit} bytes.")).ConfigureAwait(false);
            return;
        }

        var verdict = await _verifier.VerifyAsync(ToProxyRequest(context, gateway, body), context.RequestAborted).ConfigureAwait(false);
        if (!verdict.IsAllowed)
        {
            await WriteAsync(context, verdict).ConfigureAwait(false);
            return;
        }

        context.Request.Body.Position = 0;
        await _next(context).ConfigureAwait(false);
    }

    /// <summary>The body, or null when it holds more than <paramref name="limit"/> bytes.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ProxyRequest ToProxyRequest(HttpContext context, GatewayContext gateway, byte[] body)
    {
        var request = context.Request;
        var headers = new HeaderMap();
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                if (value is not null)
                {
                    headers.Add(name, value);
                }
            }
        }

        // The signature covers the path as sent; PathBase + Path are already unescaped, the raw target is not.
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var path = string.IsNullOrEmpty(rawTarget) || rawTarget[0] != '/'
            ? PercentEncoding.EncodeDecodedPath((request.PathBase + request.Path).Value ?? "/")
            : rawTarget.Split('?', 2)[0];
        var query = new QueryMap();
        foreach (var (name, value) in SignableRequest.ParseQuery(request.QueryString.Value))
        {
            query.Add(name, value);
        }

        return new ProxyRequest
        {
            Method = request.Method,
            Path = path,
            Headers = headers,
            Query = query,
            Body = body,
            AuthorizerContext = gateway.Authorizer,
            ApiId = gateway.ApiId,
            Stage = gateway.Stage,
            SourceIp = context.Connection.RemoteIpAddress?.ToString(),
        };
    }

    private static async Task WriteAsync(HttpContext context, BackendVerdict verdict)
    {
        var response = context.Response;
        response.StatusCode = verdict.StatusCode;
        foreach (var (name, value) in verdict.ErrorHeaders())
        {
            response.Headers[name] = value;
        }

        await response.Body.WriteAsync(verdict.ErrorBody(), context.RequestAborted).ConfigureAwait(false);
    }
}
