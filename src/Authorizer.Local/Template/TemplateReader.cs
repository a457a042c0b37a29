using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Authorizer.Local.Template;

/// <summary>Reads a SAM template into <see cref="SamTemplate"/>, resolving intrinsics the way a local run needs.</summary>
internal static class TemplateReader
{
    private const string ImplicitRestApi = "ServerlessRestApi";
    private const string ImplicitHttpApi = "ServerlessHttpApi";

    public static YamlMappingNode LoadRoot(string path)
    {
        if (!File.Exists(path))
        {
            throw new TemplateException($"Template not found: {path}");
        }

        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new TemplateException($"{path}: invalid YAML at line {ex.Start.Line}: {ex.Message}", ex);
        }

        return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root
            ? root
            : throw new TemplateException($"{path}: not a template (expected a mapping at the top)");
    }

    public static SamTemplate Read(string path, IReadOnlyDictionary<string, string>? parameterOverrides = null)
    {
        var root = LoadRoot(path);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, definition) in root.Child("Parameters").Entries())
        {
            if (definition.Child("Default") is YamlScalarNode value)
            {
                parameters[name] = value.Value ?? string.Empty;
            }
        }

        foreach (var (name, value) in parameterOverrides ?? new Dictionary<string, string>())
        {
            parameters[name] = value;
        }

        var resourcesNode = root.Child("Resources");
        var resourceIds = resourcesNode.Entries().Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        resourceIds.Add(ImplicitRestApi);
        resourceIds.Add(ImplicitHttpApi);
        var resolver = new IntrinsicResolver(parameters, resourceIds, root.Child("Conditions"));

        var globals = root.Child("Globals").Child("Function");
        var functions = new Dictionary<string, FunctionDefinition>(StringComparer.Ordinal);
        var apis = new Dictionary<string, (YamlNode? Node, ApiKind Kind)>(StringComparer.Ordinal);
        foreach (var (id, resource) in resourcesNode.Entries())
        {
            switch (resolver.Resolve(resource.Child("Type")))
            {
                case "AWS::Serverless::Function":
                    functions[id] = ReadFunction(id, resource.Child("Properties"), globals, resolver);
                    break;
                case "AWS::Serverless::Api":
                    apis[id] = (resource.Child("Properties"), ApiKind.Rest);
                    break;
                case "AWS::Serverless::HttpApi":
                    apis[id] = (resource.Child("Properties"), ApiKind.Http);
                    break;
                default:
                    break;
            }
        }

        var routes = new List<RouteDefinition>();
        foreach (var (id, resource) in resourcesNode.Entries())
        {
            if (!functions.ContainsKey(id))
            {
                continue;
            }

            foreach (var (eventName, evt) in resource.Child("Properties").Child("Events").Entries())
            {
                var type = resolver.Resolve(evt.Child("Type"));
                if (type is not ("Api" or "HttpApi"))
                {
                    continue;
                }

                var kind = type == "Api" ? ApiKind.Rest : ApiKind.Http;
                var props = evt.Child("Properties");
                var apiId = IntrinsicResolver.ReferencedResource(props.Child(kind == ApiKind.Rest ? "RestApiId" : "ApiId"))
                    ?? (kind == ApiKind.Rest ? ImplicitRestApi : ImplicitHttpApi);
                if (!apis.TryGetValue(apiId, out var api))
                {
                    apis[apiId] = api = (null, kind);
                }

                var apiAuth = api.Node.Child("Auth");
                var authorizer = resolver.Resolve(props.Child("Auth").Child("Authorizer"))
                    ?? resolver.Resolve(apiAuth.Child("DefaultAuthorizer"));
                if (authorizer is "NONE" or "AWS_IAM")
                {
                    authorizer = null;
                }

                var method = (resolver.Resolve(props.Child("Method")) ?? "ANY").ToUpperInvariant();
                var routePath = resolver.Resolve(props.Child("Path"))
                    ?? throw new TemplateException($"{id}.Events.{eventName}: Path is required");
                var payloadVersion = kind == ApiKind.Rest ? "1.0" : resolver.Resolve(props.Child("PayloadFormatVersion")) ?? "2.0";
                routes.Add(new RouteDefinition(apiId, method == "X-AMAZON-APIGATEWAY-ANY-METHOD" ? "ANY" : method, routePath, id, authorizer, payloadVersion));
            }
        }

        var apiDefinitions = apis.Select(pair => ReadApi(pair.Key, pair.Value.Node, pair.Value.Kind, routes, resolver)).ToList();
        foreach (var route in routes.Where(r => r.AuthorizerName is not null))
        {
            var api = apiDefinitions.First(a => a.LogicalId == route.ApiLogicalId);
            if (!api.Authorizers.ContainsKey(route.AuthorizerName!))
            {
                throw new TemplateException($"{route.FunctionLogicalId} {route.Method} {route.Path}: authorizer '{route.AuthorizerName}' is not defined on {api.LogicalId}");
            }
        }

        return new SamTemplate(path, functions, apiDefinitions, parameters);
    }

    private static FunctionDefinition ReadFunction(string id, YamlNode? props, YamlNode? globals, IntrinsicResolver resolver)
    {
        var handler = resolver.Resolve(props.Child("Handler") ?? globals.Child("Handler"))
            ?? throw new TemplateException($"{id}: Handler is required");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in new[] { globals, props })
        {
            foreach (var (name, value) in source.Child("Environment").Child("Variables").Entries())
            {
                environment[name] = resolver.Resolve(value) ?? string.Empty;
            }
        }

        var timeoutText = resolver.Resolve(props.Child("Timeout") ?? globals.Child("Timeout")) ?? "3";
        var timeout = int.TryParse(timeoutText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : 3;
        return new FunctionDefinition(id, handler, environment, timeout, props.Child("Policies"));
    }

    private static ApiDefinition ReadApi(string id, YamlNode? props, ApiKind kind, List<RouteDefinition> routes, IntrinsicResolver resolver)
    {
        var stage = kind == ApiKind.Rest ? resolver.Resolve(props.Child("StageName")) ?? "Prod" : "$default";
        var authorizers = new Dictionary<string, AuthorizerDefinition>(StringComparer.Ordinal);
        foreach (var (name, auth) in props.Child("Auth").Child("Authorizers").Entries())
        {
            var function = IntrinsicResolver.ReferencedResource(auth.Child("FunctionArn"));
            if (function is null)
            {
                continue; // Cognito/JWT authorizers are not Lambda authorizers; nothing to run locally.
            }

            var identity = auth.Child("Identity");
            var payloadType = (resolver.Resolve(auth.Child("FunctionPayloadType")) ?? (kind == ApiKind.Http ? "REQUEST" : "TOKEN")).ToUpperInvariant();
            var headers = identity.Child("Headers").Items().Select(resolver.Resolve).OfType<string>().ToList();
            if (kind == ApiKind.Rest && payloadType == "TOKEN")
            {
                headers = [resolver.Resolve(identity.Child("Header")) ?? "Authorization"];
            }

            var ttlText = resolver.Resolve(identity.Child("ReauthorizeEvery")) ?? "300";
            var ttl = int.TryParse(ttlText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 300;
            authorizers[name] = new AuthorizerDefinition(
                name,
                function,
                payloadType,
                headers,
                identity.Child("QueryStrings").Items().Select(resolver.Resolve).OfType<string>().ToList(),
                ttl,
                resolver.Resolve(auth.Child("AuthorizerPayloadFormatVersion")) ?? (kind == ApiKind.Http ? "2.0" : "1.0"),
                string.Equals(resolver.Resolve(auth.Child("EnableSimpleResponses")), "true", StringComparison.OrdinalIgnoreCase));
        }

        var responses = new Dictionary<string, GatewayResponseDefinition>(StringComparer.Ordinal);
        foreach (var (type, response) in props.Child("GatewayResponses").Entries())
        {
            var statusText = resolver.Resolve(response.Child("StatusCode"));
            var status = int.TryParse(statusText, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : 0;
            responses[type] = new GatewayResponseDefinition(
                type,
                status,
                response.Child("ResponseParameters").Child("Headers").Entries()
                    .Select(e => (e.Key, Value: resolver.Resolve(e.Value)))
                    .Where(e => e.Value is not null)
                    .ToDictionary(e => e.Key, e => e.Value!, StringComparer.OrdinalIgnoreCase),
                response.Child("ResponseTemplates").Entries().ToDictionary(e => e.Key, e => resolver.Resolve(e.Value) ?? string.Empty, StringComparer.OrdinalIgnoreCase));
        }

        return new ApiDefinition(id, kind, stage, authorizers, responses, routes.Where(r => r.ApiLogicalId == id).ToList(), ReadCors(props, kind, resolver));
    }

    /// <summary>
    /// REST <c>Cors</c> (a quoted origin, or a map of quoted values) or HTTP <c>CorsConfiguration</c> (true, or a map
    /// of lists), after <c>!If</c>; null when the API has none.
    /// </summary>
    private static CorsDefinition? ReadCors(YamlNode? props, ApiKind kind, IntrinsicResolver resolver)
    {
        if (kind == ApiKind.Rest)
        {
            var cors = resolver.Select(props.Child("Cors"));
            if (cors is null)
            {
                return null;
            }

            var settings = cors as YamlMappingNode;
            var origin = Unquote(resolver.Resolve(settings is null ? cors : settings.Child("AllowOrigin")));
            return new CorsDefinition(
                origin is null ? [] : [origin],
                CommaList(Unquote(resolver.Resolve(settings.Child("AllowHeaders")))),
                CommaList(Unquote(resolver.Resolve(settings.Child("AllowMethods")))),
                [],
                Unquote(resolver.Resolve(settings.Child("MaxAge"))));
        }

        var configuration = resolver.Select(props.Child("CorsConfiguration"));
        switch (configuration)
        {
            case null:
                return null;
            case YamlScalarNode flag:
                return string.Equals(resolver.Resolve(flag), "true", StringComparison.OrdinalIgnoreCase)
                    ? new CorsDefinition(["*"], [], [], [], null)
                    : null;
            default:
                return new CorsDefinition(
                    resolver.ResolveList(configuration.Child("AllowOrigins")) ?? [],
                    resolver.ResolveList(configuration.Child("AllowHeaders")) ?? [],
                    resolver.ResolveList(configuration.Child("AllowMethods")) ?? [],
                    resolver.ResolveList(configuration.Child("ExposeHeaders")) ?? [],
                    resolver.Resolve(configuration.Child("MaxAge")));
        }
    }

    // REST CORS values are header mapping literals: 'value'.
    private static string? Unquote(string? value) =>
        value is { Length: >= 2 } && value[0] == '\'' && value[^1] == '\'' ? value[1..^1] : value;

    private static List<string> CommaList(string? value) =>
        value is null ? [] : [.. value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}
