using System.Text.Json;

namespace Authorizer.Management;

/// <summary>RFC 9457 problem responses with stable <c>type</c> and <c>code</c> values.</summary>
internal static class Problems
{
    public const string ContentType = "application/problem+json";
    private const string TypePrefix = "urn:authorizer:problem:";

    public static ManagementResponse Validation(FieldErrors errors) =>
        Create(400, "validation_failed", "The request is not valid.", "See errors for each field.", errors.ToDictionary());

    public static ManagementResponse Validation(string field, string message)
    {
        var errors = new FieldErrors();
        errors.Add(field, message);
        return Validation(errors);
    }

    public static ManagementResponse InvalidJson(string field) =>
        Create(
            400,
            "invalid_json",
            "The body is not valid JSON for this route.",
            "The body must be one JSON object with known fields, each once, of the documented types.",
            new Dictionary<string, IReadOnlyList<string>> { [field] = ["unknown or duplicate field, or a value of the wrong type"] });

    public static ManagementResponse Unauthenticated() =>
        Create(401, "unauthenticated", "Authentication required.", "The call carries no authenticated app.", null);

    public static ManagementResponse InvalidCredentials() =>
        Create(401, "invalid_credentials", "Invalid credentials.", "The AppKey or AppSecret is not valid.", null);

    public static ManagementResponse TooManyFailures(TimeSpan retryAfter)
    {
        var response = Create(
            429, "too_many_failures", "Too many failed attempts.", "Too many wrong credentials for this AppKey or from this address; try again later.", null);
        var headers = new Dictionary<string, string>(response.Headers, StringComparer.OrdinalIgnoreCase)
        {
            ["Retry-After"] = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return response with { Headers = headers };
    }

    public static ManagementResponse Forbidden() =>
        Create(403, "forbidden", "Forbidden.", "The calling app must be an enabled app with the admin role.", null);

    public static ManagementResponse AppDisabled() =>
        Create(403, "app_disabled", "App disabled.", "The app is disabled.", null);

    public static ManagementResponse NotFound(string what) =>
        Create(404, "not_found", "Not found.", $"{what} does not exist.", null);

    public static ManagementResponse MethodNotAllowed(IReadOnlyList<string> allowed)
    {
        var response = Create(405, "method_not_allowed", "Method not allowed.", "This route does not answer that method.", null);
        var headers = new Dictionary<string, string>(response.Headers, StringComparer.OrdinalIgnoreCase) { ["Allow"] = string.Join(", ", allowed) };
        return response with { Headers = headers };
    }

    public static ManagementResponse Conflict(string code, string detail) =>
        Create(409, code, "Conflict.", detail, null);

    public static ManagementResponse LastAdmin() =>
        Conflict(
            "last_admin",
            "This is the last enabled admin app allowed to call the management API (/v1); create or grant another admin first.");

    public static ManagementResponse VersionConflict() =>
        Conflict("version_conflict", "The resource changed since the given version; read it again and retry.");

    public static ManagementResponse PayloadTooLarge(int limit) =>
        Create(413, "payload_too_large", "Payload too large.", $"The body must not exceed {limit} bytes.", null);

    public static ManagementResponse UnsupportedMediaType() =>
        Create(415, "unsupported_media_type", "Unsupported media type.", "Send the body as application/json.", null);

    public static ManagementResponse TokensUnavailable() =>
        Create(503, "tokens_unavailable", "Tokens unavailable.", "No token signing key is configured for this deployment.", null);

    /// <summary>The call passed the management deadline (a store or KMS that does not answer); a write may have landed.</summary>
    public static ManagementResponse DeadlineExceeded() =>
        Create(
            503,
            "deadline_exceeded",
            "Service unavailable.",
            "The call did not finish in time; a change it makes may or may not have been applied: read the resource and try again later.",
            null);

    /// <summary>For a failure the caller cannot fix; the detail says nothing about the cause.</summary>
    public static ManagementResponse Internal() =>
        Create(500, "internal_error", "Internal error.", "The request could not be completed; try again later.", null);

    public static ManagementResponse InvalidEvent() =>
        Create(400, "invalid_event", "The event could not be read.", "The function expects an API Gateway REST proxy event.", null);

    public static ManagementResponse BadBody() =>
        Create(400, "invalid_body", "The body could not be read.", "A base64-encoded body must decode to UTF-8 text.", null);

    private static ManagementResponse Create(
        int status, string code, string title, string? detail, IReadOnlyDictionary<string, IReadOnlyList<string>>? errors)
    {
        var body = JsonSerializer.Serialize(
            new ProblemView(TypePrefix + code, title, status, code, detail, errors),
            ManagementJsonContext.Default.ProblemView) + "\n";
        return new ManagementResponse(
            status,
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["Content-Type"] = ContentType,
                ["Cache-Control"] = "no-store",
            },
            body);
    }
}

/// <summary>Validation messages per field (JSON path style, e.g. <c>routes[0].path</c>).</summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            list = [];
            _errors[field] = list;
        }

        list.Add(message);
    }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value, StringComparer.Ordinal);
}
