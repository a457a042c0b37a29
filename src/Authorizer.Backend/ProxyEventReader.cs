using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Authorizer.Core.Requests;
using Authorizer.Core.Signing;

namespace Authorizer.Backend;

/// <summary>
/// Reads an API Gateway Lambda proxy integration event (REST API payload 1.0, HTTP API payload 1.0 or 2.0) into
/// a <see cref="ProxyRequest"/>, with the same path, query and header rules the authorizer applies to its own
/// events, so that both sides sign-check the same request. A proxy event is not an authorizer event, so this is
/// a reader of its own (System.Text.Json's DOM: the event is read once and every field is optional).
/// </summary>
public static class ProxyEventReader
{
    /// <summary>Reads the event; on failure <paramref name="refusal"/> is the answer to send (400 or 413).</summary>
    public static bool TryRead(
        ReadOnlySpan<byte> eventJson,
        BackendOptions options,
        [NotNullWhen(true)] out ProxyRequest? request,
        [NotNullWhen(false)] out BackendVerdict? refusal)
    {
        ArgumentNullException.ThrowIfNull(options);
        request = null;
        refusal = null;
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(eventJson, new JsonReaderOptions { MaxDepth = 16 });
            if (!JsonDocument.TryParseValue(ref reader, out var parsed))
            {
                refusal = Invalid("The event is empty.");
                return false;
            }

            document = parsed;
        }
        catch (JsonException)
        {
            refusal = Invalid("The event is not valid JSON.");
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                refusal = Invalid("The event is not a JSON object.");
                return false;
            }

            if (!TryReadBody(root, options, out var body, out refusal))
            {
                return false;
            }

            var isV2 = Text(root, "version") == "2.0";
            var context = Child(root, "requestContext");
            var method = isV2 ? Text(Child(context, "http"), "method") : Text(root, "httpMethod") ?? Text(context, "httpMethod");
            var apiId = Text(context, "apiId");
            if (string.IsNullOrEmpty(method) || string.IsNullOrEmpty(apiId))
            {
                refusal = Invalid(isV2 ? "A 2.0 event needs requestContext.http.method and requestContext.apiId." : "The event needs httpMethod and requestContext.apiId.");
                return false;
            }

            string path;
            if (isV2)
            {
                path = PercentEncoding.EncodeDecodedPath(NonEmpty(Text(root, "rawPath")) ?? Text(Child(context, "http"), "path") ?? "/");
            }
            else
            {
                path = NonEmpty(Text(context, "path")) ?? NonEmpty(Text(root, "path")) ?? "/";
            }

            request = new ProxyRequest
            {
                Method = method.ToUpperInvariant(),
                Path = path,
                Headers = isV2 ? HeadersV2(root) : HeadersV1(root),
                Query = isV2 ? QueryV2(root) : QueryV1(root),
                Body = body,
                AuthorizerContext = AuthorizerContext(context),
                ApiId = apiId,
                Stage = Text(context, "stage") ?? "$default",
                AccountId = Text(context, "accountId") ?? string.Empty,
                SourceIp = isV2 ? Text(Child(context, "http"), "sourceIp") : Text(Child(context, "identity"), "sourceIp"),
            };
            return true;
        }
    }

    private static bool TryReadBody(JsonElement root, BackendOptions options, out ReadOnlyMemory<byte> body, [NotNullWhen(false)] out BackendVerdict? refusal)
    {
        body = ReadOnlyMemory<byte>.Empty;
        refusal = null;
        var text = Text(root, "body");
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        var isBase64 = root.TryGetProperty("isBase64Encoded", out var flag) && flag.ValueKind == JsonValueKind.True;
        var limit = options.MaxBodyBytes;
        if (isBase64)
        {
            // Checked on the encoded length first, so an oversized body is never decoded.
            if ((text.Length / 4 * 3L) - 2 > limit)
            {
                refusal = TooLarge(limit);
                return false;
            }

            var bytes = new byte[(text.Length / 4 * 3) + 3];
            if (!Convert.TryFromBase64String(text, bytes, out var written))
            {
                refusal = Invalid("The body is marked base64-encoded but is not valid base64.");
                return false;
            }

            if (written > limit)
            {
                refusal = TooLarge(limit);
                return false;
            }

            body = bytes.AsMemory(0, written);
            return true;
        }

        if (text.Length > limit || Encoding.UTF8.GetByteCount(text) > limit)
        {
            refusal = TooLarge(limit);
            return false;
        }

        body = Encoding.UTF8.GetBytes(text);
        return true;
    }

    /// <summary>Payload 1.0: every value of <c>multiValueHeaders</c>, then <c>headers</c> entries that map lacks.</summary>
    private static HeaderMap HeadersV1(JsonElement root)
    {
        var headers = new HeaderMap();
        if (Child(root, "multiValueHeaders") is { ValueKind: JsonValueKind.Object } multi)
        {
            foreach (var header in multi.EnumerateObject())
            {
                if (header.Value.ValueKind == JsonValueKind.Array)
                {
                    foreach (var value in header.Value.EnumerateArray())
                    {
                        if (value.ValueKind == JsonValueKind.String)
                        {
                            headers.Add(header.Name, value.GetString()!);
                        }
                    }
                }
            }
        }

        if (Child(root, "headers") is { ValueKind: JsonValueKind.Object } single)
        {
            // The single map repeats the multi map's headers (with the last value): only what it adds counts.
            foreach (var header in single.EnumerateObject())
            {
                if (header.Value.ValueKind == JsonValueKind.String && !headers.Contains(header.Name))
                {
                    headers.Add(header.Name, header.Value.GetString()!);
                }
            }
        }

        return headers;
    }

    /// <summary>Payload 2.0: one comma-joined value per header; <c>cookies</c> become the <c>cookie</c> header again.</summary>
    private static HeaderMap HeadersV2(JsonElement root)
    {
        var headers = new HeaderMap();
        if (Child(root, "headers") is { ValueKind: JsonValueKind.Object } single)
        {
            foreach (var header in single.EnumerateObject())
            {
                if (header.Value.ValueKind == JsonValueKind.String)
                {
                    headers.Add(header.Name, header.Value.GetString()!);
                }
            }
        }

        if (Child(root, "cookies") is { ValueKind: JsonValueKind.Array } cookies && !headers.Contains("cookie"))
        {
            var values = cookies.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.String).Select(c => c.GetString()!).ToList();
            if (values.Count > 0)
            {
                headers.Add("cookie", string.Join("; ", values));
            }
        }

        return headers;
    }

    /// <summary>Payload 1.0: <c>multiValueQueryStringParameters</c> (decoded, repeats kept), else the single map.</summary>
    private static QueryMap QueryV1(JsonElement root)
    {
        var query = new QueryMap();
        if (Child(root, "multiValueQueryStringParameters") is { ValueKind: JsonValueKind.Object } multi)
        {
            foreach (var parameter in multi.EnumerateObject())
            {
                if (parameter.Value.ValueKind == JsonValueKind.Array)
                {
                    foreach (var value in parameter.Value.EnumerateArray())
                    {
                        query.Add(parameter.Name, value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty);
                    }
                }
            }

            return query;
        }

        if (Child(root, "queryStringParameters") is { ValueKind: JsonValueKind.Object } single)
        {
            foreach (var parameter in single.EnumerateObject())
            {
                query.Add(parameter.Name, parameter.Value.ValueKind == JsonValueKind.String ? parameter.Value.GetString()! : string.Empty);
            }
        }

        return query;
    }

    /// <summary>Payload 2.0: parsed from <c>rawQueryString</c> as sent (the single map loses repeats and order).</summary>
    private static QueryMap QueryV2(JsonElement root)
    {
        var query = new QueryMap();
        foreach (var (name, value) in SignableRequest.ParseQuery(Text(root, "rawQueryString")))
        {
            query.Add(name, value);
        }

        return query;
    }

    /// <summary>
    /// <c>requestContext.authorizer</c>: REST APIs put the context there, HTTP APIs under <c>lambda</c>. Values
    /// are strings (the authorizer writes strings; other scalars keep their JSON text).
    /// </summary>
    private static Dictionary<string, string> AuthorizerContext(JsonElement? requestContext)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Child(requestContext, "authorizer") is not { ValueKind: JsonValueKind.Object } authorizer)
        {
            return result;
        }

        var entries = Child(authorizer, "lambda") is { ValueKind: JsonValueKind.Object } lambda ? lambda : authorizer;
        foreach (var entry in entries.EnumerateObject())
        {
            var value = entry.Value.ValueKind switch
            {
                JsonValueKind.String => entry.Value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => entry.Value.GetRawText(),
                _ => null,
            };
            if (value is not null)
            {
                result[entry.Name] = value;
            }
        }

        return result;
    }

    private static JsonElement? Child(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } element && element.TryGetProperty(name, out var child) ? child : null;

    private static string? Text(JsonElement? parent, string name) =>
        Child(parent, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static BackendVerdict Invalid(string message) => BackendVerdict.Refused(400, BackendErrorCodes.InvalidEvent, message);

    private static BackendVerdict TooLarge(int limit) => BackendVerdict.Refused(
        413,
        BackendErrorCodes.BodyTooLarge,
        string.Create(CultureInfo.InvariantCulture, $"The body is larger than {limit} bytes."));
}
