using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Pointer;
using Json.Schema;
using Xunit;

namespace Authorizer.TestSupport.OpenApi;

/// <summary>
/// Holds a management response to what the OpenAPI document says of its route: the status is documented for
/// the operation, the body validates against the documented schema (JsonSchema.Net, draft 2020-12, formats
/// checked), the media type is the documented one, required headers are present and valid, and no header is
/// sent that the document does not name. A path no route serves must be a 404 problem, and a method a path
/// does not document a 405 problem whose <c>Allow</c> lists exactly the documented methods.
/// </summary>
public static class OpenApiContract
{
    private static readonly Uri DocumentUri = new("urn:authorizer:management:openapi");
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private static readonly Lazy<Loaded> Document = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The document (<c>docs/openapi.json</c>; the management tests check that the API serves exactly this file).</summary>
    public static JsonElement Root => Document.Value.Root;

    /// <summary>Path templates and their methods (upper case), as documented.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Operations => Document.Value.Operations;

    /// <summary>Fails the test (an xunit assertion) when the response breaks the document.</summary>
    public static void Check(string method, string path, int status, IReadOnlyDictionary<string, string> headers, string body) =>
        Check(method, path, new Response(status, headers, body));

    private static void Check(string method, string path, Response response)
    {
        var doc = Document.Value;
        var question = path.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            path = path[..question];
        }

        var what = $"{method} {path} answered {response.StatusCode}";
        var template = FindTemplate(doc, path);
        if (template is null)
        {
            Assert.True(response.StatusCode == 404, $"{what}, but the document has no such path (only a 404 may answer it).");
            CheckProblem(doc, what, response);
            return;
        }

        var lower = method.ToLowerInvariant();
        if (!doc.Operations[template].Contains(method.ToUpperInvariant(), StringComparer.Ordinal))
        {
            Assert.True(response.StatusCode == 405, $"{what}, but {template} documents no {method} (only a 405 may answer it).");
            CheckProblem(doc, what, response);
            var allow = response.Headers.TryGetValue("Allow", out var a) ? a.Split(',', StringSplitOptions.TrimEntries) : [];
            Assert.Equal(doc.Operations[template].Order(StringComparer.Ordinal), allow.Order(StringComparer.Ordinal));
            return;
        }

        var responses = doc.Root.GetProperty("paths").GetProperty(template).GetProperty(lower).GetProperty("responses");
        var key = response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!responses.TryGetProperty(key, out _))
        {
            Assert.Fail($"{what}: the document lists no {key} for {method.ToUpperInvariant()} {template} (it lists {string.Join(", ", responses.EnumerateObject().Select(p => p.Name))}).");
        }

        var pointer = Resolve(doc.Root, $"/paths/{Escape(template)}/{lower}/responses/{key}", out var documented);
        CheckBody(doc, what, pointer, documented, response);
        CheckHeaders(doc, what, pointer, documented, response, extraAllowed: []);
    }

    private static void CheckProblem(Loaded doc, string what, Response response)
    {
        Assert.Equal("application/problem+json", MediaType(response));
        Validate(doc, what, "/components/schemas/Problem", response.Body);
    }

    private static void CheckBody(Loaded doc, string what, string pointer, JsonElement documented, Response response)
    {
        if (!documented.TryGetProperty("content", out var content))
        {
            Assert.True(response.Body.Length == 0, $"{what} with a body, but the document gives that response no content: {response.Body}");
            return;
        }

        Assert.True(response.Body.Length > 0, $"{what} without a body, but the document gives it content.");
        var mediaType = MediaType(response);
        Assert.True(
            mediaType is not null && content.TryGetProperty(mediaType, out _),
            $"{what} as {mediaType ?? "(no Content-Type)"}, but the document names {string.Join(", ", content.EnumerateObject().Select(p => p.Name))}.");
        Validate(doc, what, $"{pointer}/content/{Escape(mediaType!)}/schema", response.Body);
    }

    private static void CheckHeaders(Loaded doc, string what, string pointer, JsonElement documented, Response response, string[] extraAllowed)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Content-Type" };
        names.UnionWith(extraAllowed);
        if (documented.TryGetProperty("headers", out var headers))
        {
            foreach (var header in headers.EnumerateObject())
            {
                names.Add(header.Name);
                var headerPointer = Resolve(doc.Root, $"{pointer}/headers/{Escape(header.Name)}", out var definition);
                var required = definition.TryGetProperty("required", out var r) && r.GetBoolean();
                if (!response.Headers.TryGetValue(header.Name, out var value))
                {
                    Assert.False(required, $"{what} without the header {header.Name}, which the document requires.");
                    continue;
                }

                Validate(doc, $"{what}, header {header.Name}", $"{headerPointer}/schema", JsonSerializer.Serialize(value));
            }
        }

        foreach (var sent in response.Headers.Keys)
        {
            Assert.True(names.Contains(sent), $"{what} with the header {sent}, which the document does not name for that response.");
        }
    }

    private static void Validate(Loaded doc, string what, string pointer, string json)
    {
        var schema = doc.Schemas.GetOrAdd(pointer, p => JsonSchema.FromText(
            JsonSerializer.Serialize(new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                // A JSON pointer in a URI fragment is percent-encoded (RFC 6901 §6): "+" in a media type would not survive.
                ["$ref"] = $"{DocumentUri}#{string.Join('/', p.Split('/').Select(Uri.EscapeDataString))}",
            }),
            doc.BuildOptions));
        using var instance = JsonDocument.Parse(json);
        var result = schema.Evaluate(instance.RootElement, Evaluation);
        if (!result.IsValid)
        {
            var errors = (result.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value} ({d.EvaluationPath})"));
            Assert.Fail($"{what}; the body does not validate against {pointer}:\n  {string.Join("\n  ", errors)}\nbody: {json}");
        }
    }

    /// <summary>Follows OpenAPI <c>$ref</c>s (responses, headers) to the object itself; returns its pointer.</summary>
    private static string Resolve(JsonElement root, string pointer, out JsonElement element)
    {
        for (var hops = 0; hops < 8; hops++)
        {
            element = JsonPointer.Parse(pointer).Evaluate(root)
                ?? throw new InvalidOperationException($"The document has nothing at {pointer}.");
            if (!element.TryGetProperty("$ref", out var target))
            {
                return pointer;
            }

            var reference = target.GetString()!;
            Assert.StartsWith("#/", reference, StringComparison.Ordinal);
            pointer = reference[1..];
        }

        throw new InvalidOperationException($"$ref chain too long at {pointer}.");
    }

    private static string? FindTemplate(Loaded doc, string path)
    {
        var trimmed = path.Length > 1 && path[^1] == '/' ? path[..^1] : path;
        var segments = trimmed.Split('/');
        foreach (var template in doc.Operations.Keys)
        {
            var parts = template.Split('/');
            if (parts.Length == segments.Length
                && parts.Zip(segments).All(p => (p.First.StartsWith('{') && p.Second.Length > 0) || p.First == p.Second))
            {
                return template;
            }
        }

        return null;
    }

    private static string? MediaType(Response response) =>
        response.Headers.TryGetValue("Content-Type", out var value) ? value.Split(';', 2)[0].Trim() : null;

    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static Loaded Load()
    {
        var root = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.OpenApiDocument)).RootElement.Clone();
        var registry = new SchemaRegistry();
        registry.Register(new JsonElementBaseDocument(root, DocumentUri));
        var operations = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            operations[path.Name] = path.Value.EnumerateObject()
                .Where(p => HttpMethods.Contains(p.Name, StringComparer.Ordinal))
                .Select(p => p.Name.ToUpperInvariant())
                .ToList();
        }

        return new Loaded(root, operations, new BuildOptions { SchemaRegistry = registry }, new ConcurrentDictionary<string, JsonSchema>(StringComparer.Ordinal));
    }

    private sealed record Response(int StatusCode, IReadOnlyDictionary<string, string> Headers, string Body);

    private sealed record Loaded(
        JsonElement Root,
        IReadOnlyDictionary<string, IReadOnlyList<string>> Operations,
        BuildOptions BuildOptions,
        ConcurrentDictionary<string, JsonSchema> Schemas);
}
