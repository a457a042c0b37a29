using System.Text.Json;
using Authorizer.Core.Model;

namespace Authorizer.Local.Seeding;

/// <summary>Parses and validates a seed file strictly: unknown fields, wrong types and bad values name their path.</summary>
internal static class SeedParser
{
    private static readonly HashSet<string> Methods = new(StringComparer.Ordinal)
    {
        "*", "ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS",
    };

    public static SeedFile Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException ex)
        {
            throw new SeedException($"$: not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            Expect(root, JsonValueKind.Object, "$");
            Known(root, "$", "apis", "apps");
            var apis = Array(root, "apis", "$", required: false).Select((api, i) => ParseApi(api, $"apis[{i}]")).ToList();
            var apps = Array(root, "apps", "$", required: true).Select((app, i) => ParseApp(app, $"apps[{i}]")).ToList();

            Duplicates(apis.Select(a => a.ApiId).ToList(), "apis", "apiId");
            for (var i = 0; i < apis.Count; i++)
            {
                if (apis[i].Jwt?.Provider.AppId is { } provider && !apps.Any(a => string.Equals(a.Name, provider, StringComparison.Ordinal)))
                {
                    throw new SeedException($"apis[{i}].jwt.app: no app in the seed is named {provider}");
                }
            }

            Duplicates(apps.Select(a => a.AppKey).ToList(), "apps", "appKey");
            Duplicates(apps.Select(a => a.Name).ToList(), "apps", "name");
            var codes = apps.SelectMany(a => a.AppCodes).ToList();
            if (codes.Distinct(StringComparer.Ordinal).Count() != codes.Count)
            {
                throw new SeedException("apps: the same AppCode is listed more than once");
            }
            return new SeedFile(apis, apps);
        }
    }

    private static ApiSettings ParseApi(JsonElement api, string path)
    {
        Expect(api, JsonValueKind.Object, path);
        Known(api, path, "apiId", "allowedSchemes", "appcodeLocation", "replayProtection", "allowHmacSha1", "tokenTtlSeconds", "jwt");
        var settings = new ApiSettings { ApiId = RequiredString(api, "apiId", path) };
        if (api.TryGetProperty("allowedSchemes", out _))
        {
            var schemes = Strings(api, "allowedSchemes", path);
            for (var i = 0; i < schemes.Count; i++)
            {
                if (!SchemeIds.IsKnown(schemes[i]))
                {
                    throw new SeedException($"{path}.allowedSchemes[{i}]: unknown scheme (expected one of {string.Join(", ", SchemeIds.All)})");
                }
            }

            settings = settings with { AllowedSchemes = schemes };
        }

        if (OptionalString(api, "appcodeLocation", path) is { } location)
        {
            settings = settings with
            {
                AppCodeLocation = location switch
                {
                    "header" => AppCodeLocation.Header,
                    "header_and_query" => AppCodeLocation.HeaderAndQuery,
                    _ => throw new SeedException($"{path}.appcodeLocation: expected header or header_and_query"),
                },
            };
        }

        if (OptionalString(api, "replayProtection", path) is { } replay)
        {
            settings = settings with
            {
                ReplayProtection = replay switch
                {
                    "required" => ReplayProtection.Required,
                    "optional" => ReplayProtection.Optional,
                    "off" => ReplayProtection.Off,
                    _ => throw new SeedException($"{path}.replayProtection: expected required, optional or off"),
                },
            };
        }

        if (api.TryGetProperty("allowHmacSha1", out var sha1))
        {
            settings = settings with
            {
                AllowHmacSha1 = sha1.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw new SeedException($"{path}.allowHmacSha1: expected true or false"),
                },
            };
        }

        if (api.TryGetProperty("tokenTtlSeconds", out var ttl))
        {
            if (ttl.ValueKind != JsonValueKind.Number || !ttl.TryGetInt32(out var seconds) || seconds is < 60 or > 604_800)
            {
                throw new SeedException($"{path}.tokenTtlSeconds: expected a whole number of seconds from 60 to 604800");
            }

            settings = settings with { TokenTtlSeconds = seconds };
        }

        if (api.TryGetProperty("jwt", out var jwt) && jwt.ValueKind != JsonValueKind.Null)
        {
            settings = settings with { Jwt = SeedJwtParser.Parse(jwt, $"{path}.jwt") };
        }

        return settings;
    }

    private static SeedApp ParseApp(JsonElement app, string path)
    {
        Expect(app, JsonValueKind.Object, path);
        Known(app, path, "name", "appKey", "appSecret", "appCodes", "roles", "authorizations");
        var name = RequiredString(app, "name", path);
        var appKey = RequiredString(app, "appKey", path);
        if (appKey.Length > 128 || appKey.Any(c => c is <= ' ' or > '~' or ':' or ','))
        {
            throw new SeedException($"{path}.appKey: at most 128 printable ASCII characters, no spaces, ':' or ','");
        }

        var secret = RequiredString(app, "appSecret", path);
        if (secret.Length < 16)
        {
            throw new SeedException($"{path}.appSecret: at least 16 characters");
        }

        var codes = app.TryGetProperty("appCodes", out _) ? Strings(app, "appCodes", path) : [];
        for (var i = 0; i < codes.Count; i++)
        {
            if (codes[i].Length < 16 || codes[i].Any(c => c is <= ' ' or > '~'))
            {
                throw new SeedException($"{path}.appCodes[{i}]: at least 16 printable ASCII characters");
            }
        }

        var roles = app.TryGetProperty("roles", out _) ? Strings(app, "roles", path) : [];
        var authorizations = Array(app, "authorizations", path, required: false)
            .Select((auth, i) => ParseAuthorization(auth, $"{path}.authorizations[{i}]"))
            .ToList();
        return new SeedApp(name, appKey, secret, codes, roles, authorizations);
    }

    private static SeedAuthorization ParseAuthorization(JsonElement auth, string path)
    {
        Expect(auth, JsonValueKind.Object, path);
        Known(auth, path, "apiId", "stage", "routes");
        var apiId = RequiredString(auth, "apiId", path);
        var stage = RequiredString(auth, "stage", path);
        var routes = Array(auth, "routes", path, required: true).Select((route, i) =>
        {
            var routePath = $"{path}.routes[{i}]";
            Expect(route, JsonValueKind.Object, routePath);
            Known(route, routePath, "method", "path");
            var method = RequiredString(route, "method", routePath).ToUpperInvariant();
            if (!Methods.Contains(method))
            {
                throw new SeedException($"{routePath}.method: expected an HTTP method or *");
            }

            var pattern = RequiredString(route, "path", routePath);
            if (!pattern.StartsWith('/'))
            {
                throw new SeedException($"{routePath}.path: must start with /");
            }

            return new RouteGrant(method == "ANY" ? "*" : method, pattern);
        }).ToList();
        if (routes.Count == 0)
        {
            throw new SeedException($"{path}.routes: at least one route");
        }

        return new SeedAuthorization(apiId, stage, routes);
    }

    internal static void Expect(JsonElement element, JsonValueKind kind, string path)
    {
        if (element.ValueKind != kind)
        {
            throw new SeedException($"{path}: expected {(kind == JsonValueKind.Object ? "an object" : "an array")}");
        }
    }

    internal static void Known(JsonElement element, string path, params string[] names)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!names.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new SeedException($"{path}.{property.Name}: unknown field (expected {string.Join(", ", names)})");
            }
        }
    }

    private static List<JsonElement> Array(JsonElement parent, string name, string path, bool required)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw new SeedException($"{path}.{name}: required") : [];
        }

        Expect(value, JsonValueKind.Array, $"{path}.{name}");
        return [.. value.EnumerateArray()];
    }

    private static string RequiredString(JsonElement parent, string name, string path) =>
        OptionalString(parent, name, path) is { Length: > 0 } value
            ? value
            : throw new SeedException($"{path}.{name}: required");

    internal static string? OptionalString(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!.Trim()
            : throw new SeedException($"{path}.{name}: expected a string");
    }

    internal static List<string> Strings(JsonElement parent, string name, string path)
    {
        var items = Array(parent, name, path, required: false);
        var result = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(items[i].GetString()))
            {
                throw new SeedException($"{path}.{name}[{i}]: expected a non-empty string");
            }

            result.Add(items[i].GetString()!.Trim());
        }

        return result;
    }

    private static void Duplicates(List<string> values, string collection, string field)
    {
        for (var i = 1; i < values.Count; i++)
        {
            var first = values.FindIndex(0, i, v => string.Equals(v, values[i], StringComparison.Ordinal));
            if (first >= 0)
            {
                throw new SeedException($"{collection}[{i}].{field}: duplicate of {collection}[{first}].{field}");
            }
        }
    }
}
