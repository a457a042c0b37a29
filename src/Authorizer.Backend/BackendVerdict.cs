using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Authorizer.Backend;

/// <summary>
/// What the backend checks concluded: go on with the request, or answer it with <see cref="StatusCode"/> and
/// the gateway's error shape (<c>X-Ca-Error-Code</c> / <c>X-Ca-Error-Message</c> headers and a JSON body).
/// </summary>
public sealed record BackendVerdict
{
    private BackendVerdict(bool isAllowed, int statusCode, string? errorCode, string? message, bool completedDeferral)
    {
        IsAllowed = isAllowed;
        StatusCode = statusCode;
        ErrorCode = errorCode;
        Message = message;
        CompletedDeferral = completedDeferral;
    }

    public bool IsAllowed { get; }

    /// <summary>200 when allowed; else 400, 403 or 413.</summary>
    public int StatusCode { get; }

    public string? ErrorCode { get; }

    public string? Message { get; }

    /// <summary>True when the authorizer had deferred a signature over the body and it verified here.</summary>
    public bool CompletedDeferral { get; }

    internal static BackendVerdict Allowed(bool completedDeferral) => new(true, 200, null, null, completedDeferral);

    public static BackendVerdict Refused(int statusCode, string errorCode, string message) => new(false, statusCode, errorCode, message, false);

    /// <summary>The headers of a refusal, as API Gateway's <c>ACCESS_DENIED</c> response sends them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ErrorHeaders() => IsAllowed
        ? []
        :
        [
            new("Content-Type", "application/json"),
            new("X-Ca-Error-Code", ErrorCode!),
            new("X-Ca-Error-Message", HeaderSafe(Message!)),
        ];

    /// <summary>The body of a refusal: <c>{"message":…,"errorCode":…}</c>, as the gateway's response template.</summary>
    public byte[] ErrorBody()
    {
        if (IsAllowed)
        {
            return [];
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("message"u8, Message);
            writer.WriteString("errorCode"u8, ErrorCode);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A Lambda proxy integration response (REST 1.0 and HTTP API 2.0 read the same shape) for a refusal.</summary>
    public byte[] ToProxyResponse()
    {
        if (IsAllowed)
        {
            throw new InvalidOperationException("An allowed request is answered by the function itself.");
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("statusCode"u8, StatusCode);
            writer.WriteStartObject("headers"u8);
            foreach (var (name, value) in ErrorHeaders())
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            writer.WriteString("body"u8, Encoding.UTF8.GetString(ErrorBody()));
            writer.WriteBoolean("isBase64Encoded"u8, false);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // A header value must be visible ASCII; the JSON body keeps the full message.
    private static string HeaderSafe(string message) =>
        string.Create(message.Length, message, static (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                span[i] = c is >= ' ' and <= '~' ? c : '?';
            }
        });
}
