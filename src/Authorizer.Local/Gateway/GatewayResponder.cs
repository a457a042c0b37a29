using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Authorizer.Local.Template;

namespace Authorizer.Local.Gateway;

/// <summary>A response the gateway itself produces, before header/body mapping.</summary>
internal sealed record GatewayError(string Type, int DefaultStatus, string? Message, JsonObject? AuthorizerContext);

internal sealed record RenderedResponse(int StatusCode, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// Renders API Gateway's own responses. REST APIs apply the template's gateway responses: header mappings
/// (<c>'literal'</c>, <c>context.authorizer.x</c>, <c>context.error.message</c>…) and the body template's
/// <c>$context…</c> references. Gateway response templates are not VTL: anything else, <c>$util…</c> included,
/// stays as written, as API Gateway leaves it. HTTP APIs answer with fixed bodies.
/// </summary>
internal static class GatewayResponder
{
    public static GatewayError Unauthorized() => new("UNAUTHORIZED", 401, "Unauthorized", null);

    public static GatewayError AccessDenied(JsonObject? context, bool explicitDeny) => new(
        "ACCESS_DENIED",
        403,
        explicitDeny ? "User is not authorized to access this resource with an explicit deny" : "User is not authorized to access this resource",
        context);

    public static GatewayError AuthorizerFailure() => new("AUTHORIZER_FAILURE", 500, null, null);

    public static GatewayError AuthorizerConfigurationError() => new("AUTHORIZER_CONFIGURATION_ERROR", 500, null, null);

    public static GatewayError MissingRoute() => new("MISSING_AUTHENTICATION_TOKEN", 403, "Missing Authentication Token", null);

    public static GatewayError IntegrationFailure() => new("DEFAULT_5XX", 502, "Internal server error", null);

    public static GatewayError TooLarge() => new("REQUEST_TOO_LARGE", 413, "Request Too Long", null);

    public static RenderedResponse Render(GatewayError error, ApiContext api, string requestId)
    {
        if (api.Definition.Kind == ApiKind.Http)
        {
            var (status, message) = error.Type switch
            {
                "UNAUTHORIZED" => (401, "Unauthorized"),
                "ACCESS_DENIED" => (403, "Forbidden"),
                "MISSING_AUTHENTICATION_TOKEN" => (404, "Not Found"),
                "REQUEST_TOO_LARGE" => (413, "Request Entity Too Large"),
                _ => (error.DefaultStatus == 502 ? 500 : error.DefaultStatus, "Internal Server Error"),
            };
            return new RenderedResponse(status, Json(), new JsonObject { ["message"] = message }.ToJsonString());
        }

        var responses = api.Definition.GatewayResponses;
        var family = error.DefaultStatus >= 500 ? "DEFAULT_5XX" : "DEFAULT_4XX";
        if (!responses.TryGetValue(error.Type, out var definition) && !responses.TryGetValue(family, out definition))
        {
            return new RenderedResponse(error.DefaultStatus, Json(), new JsonObject { ["message"] = error.Message }.ToJsonString());
        }

        var headers = Json();
        foreach (var (name, expression) in definition.Headers)
        {
            var value = HeaderValue(expression, error, requestId);
            if (!string.IsNullOrEmpty(value))
            {
                headers[name] = HeaderSafe(value);
            }
        }

        var body = definition.Templates.TryGetValue("application/json", out var template)
            ? RenderTemplate(template, error, requestId)
            : new JsonObject { ["message"] = error.Message }.ToJsonString();
        return new RenderedResponse(definition.StatusCode > 0 ? definition.StatusCode : error.DefaultStatus, headers, body);
    }

    private static Dictionary<string, string> Json() =>
        new(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json" };

    private static string? HeaderValue(string expression, GatewayError error, string requestId) =>
        expression.Length >= 2 && expression[0] == '\'' && expression[^1] == '\''
            ? expression[1..^1]
            : Lookup(expression, error, requestId);

    private static string? Lookup(string reference, GatewayError error, string requestId)
    {
        const string authorizerPrefix = "context.authorizer.";
        if (reference.StartsWith(authorizerPrefix, StringComparison.Ordinal))
        {
            var node = error.AuthorizerContext?[reference[authorizerPrefix.Length..]];
            return node is JsonValue value ? value.ToString() : null;
        }

        return reference switch
        {
            "context.error.message" => error.Message,
            "context.error.messageString" => JsonSerializer.Serialize(error.Message),
            "context.error.responseType" => error.Type,
            "context.requestId" => requestId,
            _ => null,
        };
    }

    private static string RenderTemplate(string template, GatewayError error, string requestId)
    {
        var output = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            if (template[i] == '$' && i + 1 < template.Length && template[i + 1] == 'c')
            {
                var end = i + 1;
                while (end < template.Length && (char.IsAsciiLetterOrDigit(template[end]) || template[end] is '.' or '_'))
                {
                    end++;
                }

                var reference = template[(i + 1)..end].TrimEnd('.');
                output.Append(Lookup(reference, error, requestId) ?? string.Empty);
                i = i + 1 + reference.Length;
                continue;
            }

            output.Append(template[i]);
            i++;
        }

        return output.ToString();
    }

    // Response headers carry printable ASCII only.
    private static string HeaderSafe(string value) =>
        string.Create(value.Length, value, (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                span[i] = text[i] is >= ' ' and <= '~' ? text[i] : '?';
            }
        });
}
