using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Authorizer.Runtime;

/// <summary>
/// The Lambda Runtime API (<c>/2018-06-01/runtime/...</c>) on <c>AWS_LAMBDA_RUNTIME_API</c>: fetch the next event,
/// post its response or error, or report an initialization error.
/// </summary>
internal sealed class RuntimeApiClient : IDisposable
{
    private const string Version = "2018-06-01";
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;
    private readonly Uri _next;

    public RuntimeApiClient(string runtimeApi)
    {
        if (string.IsNullOrWhiteSpace(runtimeApi))
        {
            throw new ArgumentException("AWS_LAMBDA_RUNTIME_API is not set.", nameof(runtimeApi));
        }

        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri($"http://{runtimeApi}/{Version}/runtime/", UriKind.Absolute),
            // invocation/next is a long poll that lasts as long as the container is idle.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _next = new Uri("invocation/next", UriKind.Relative);
    }

    public async Task<Invocation> NextAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(_next, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"invocation/next answered {(int)response.StatusCode}.", null, response.StatusCode);
        }

        var requestId = Single(response, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new HttpRequestException("invocation/next gave no Lambda-Runtime-Aws-Request-Id.");
        var deadline = long.TryParse(Single(response, "Lambda-Runtime-Deadline-Ms"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.MaxValue;
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new Invocation(requestId, deadline, body, Single(response, "Lambda-Runtime-Trace-Id"));
    }

    public async Task PostResponseAsync(string requestId, Stream body, CancellationToken cancellationToken)
    {
        using var content = new StreamContent(body);
        content.Headers.ContentType = Json;
        await PostAsync($"invocation/{Uri.EscapeDataString(requestId)}/response", content, cancellationToken).ConfigureAwait(false);
    }

    public Task PostErrorAsync(string requestId, string errorType, string errorMessage, CancellationToken cancellationToken) =>
        SendErrorAsync($"invocation/{Uri.EscapeDataString(requestId)}/error", errorType, errorMessage, cancellationToken);

    public Task PostInitErrorAsync(string errorType, string errorMessage, CancellationToken cancellationToken) =>
        SendErrorAsync("init/error", errorType, errorMessage, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task SendErrorAsync(string path, string errorType, string errorMessage, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(ErrorBody(errorType, errorMessage));
        content.Headers.ContentType = Json;
        content.Headers.Add("Lambda-Runtime-Function-Error-Type", errorType);
        await PostAsync(path, content, cancellationToken).ConfigureAwait(false);
    }

    private async Task PostAsync(string path, HttpContent content, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{path} answered {(int)response.StatusCode}.", null, response.StatusCode);
        }
    }

    /// <summary>The error shape Lambda reports to the caller: <c>{"errorMessage","errorType","stackTrace":[]}</c>.</summary>
    internal static byte[] ErrorBody(string errorType, string errorMessage)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("errorMessage", errorMessage);
            writer.WriteString("errorType", errorType);
            writer.WriteStartArray("stackTrace");
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string? Single(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values) ? values.FirstOrDefault() : null;
}
