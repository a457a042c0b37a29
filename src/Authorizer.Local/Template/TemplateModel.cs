using YamlDotNet.RepresentationModel;

namespace Authorizer.Local.Template;

/// <summary>The parts of a SAM template the local runner serves and invokes.</summary>
internal sealed record SamTemplate(
    string Path,
    IReadOnlyDictionary<string, FunctionDefinition> Functions,
    IReadOnlyList<ApiDefinition> Apis,
    IReadOnlyDictionary<string, string> ParameterDefaults)
{
    public FunctionDefinition GetFunction(string logicalId) =>
        Functions.TryGetValue(logicalId, out var function)
            ? function
            : throw new TemplateException($"Function '{logicalId}' is not in {Path} (functions: {string.Join(", ", Functions.Keys)})");
}

/// <param name="Handler">Assembly::Namespace.Type::Method.</param>
/// <param name="Environment">Globals merged with the function's own variables, intrinsics resolved locally.</param>
/// <param name="Policies">The function's Policies node as written, for inspection.</param>
internal sealed record FunctionDefinition(
    string LogicalId,
    string Handler,
    IReadOnlyDictionary<string, string> Environment,
    int TimeoutSeconds,
    YamlNode? Policies);

internal enum ApiKind
{
    Rest,
    Http,
}

/// <param name="Cors">The API's CORS setting (REST <c>Cors</c>, HTTP <c>CorsConfiguration</c>); null when it has none.</param>
internal sealed record ApiDefinition(
    string LogicalId,
    ApiKind Kind,
    string StageName,
    IReadOnlyDictionary<string, AuthorizerDefinition> Authorizers,
    IReadOnlyDictionary<string, GatewayResponseDefinition> GatewayResponses,
    IReadOnlyList<RouteDefinition> Routes,
    CorsDefinition? Cors = null);

/// <summary>
/// A CORS setting with its values unquoted. <paramref name="AllowOrigins"/> is empty when the setting exists but
/// names no origin (REST: SAM still adds the OPTIONS methods, which then send no Access-Control-Allow-Origin).
/// </summary>
internal sealed record CorsDefinition(
    IReadOnlyList<string> AllowOrigins,
    IReadOnlyList<string> AllowHeaders,
    IReadOnlyList<string> AllowMethods,
    IReadOnlyList<string> ExposeHeaders,
    string? MaxAge);

/// <param name="IdentityHeaders">Header identity sources; all must be present or the gateway answers 401.</param>
/// <param name="TtlSeconds">Result-cache TTL; 0 disables the cache.</param>
/// <param name="PayloadType">REQUEST or TOKEN (REST); REQUEST for HTTP APIs.</param>
internal sealed record AuthorizerDefinition(
    string Name,
    string FunctionLogicalId,
    string PayloadType,
    IReadOnlyList<string> IdentityHeaders,
    IReadOnlyList<string> IdentityQueryStrings,
    int TtlSeconds,
    string PayloadFormatVersion,
    bool SimpleResponses)
{
    public bool HasIdentitySources => IdentityHeaders.Count > 0 || IdentityQueryStrings.Count > 0;
}

/// <param name="Headers">Header name to mapping expression (<c>'literal'</c> or <c>context.…</c>).</param>
/// <param name="Templates">Content type to body template.</param>
internal sealed record GatewayResponseDefinition(
    string Type,
    int StatusCode,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string> Templates);

/// <param name="AuthorizerName">The authorizer in force, or null for none.</param>
/// <param name="PayloadFormatVersion">The proxy event format the backend gets: 1.0 (REST style) or 2.0.</param>
internal sealed record RouteDefinition(
    string ApiLogicalId,
    string Method,
    string Path,
    string FunctionLogicalId,
    string? AuthorizerName,
    string PayloadFormatVersion = "1.0");

internal sealed class TemplateException : Exception
{
    public TemplateException()
    {
    }

    public TemplateException(string message)
        : base(message)
    {
    }

    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
