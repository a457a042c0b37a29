using Authorizer.Local.Template;

namespace Authorizer.Local.Gateway;

/// <summary>
/// The web console's routes: <c>GET /console</c> and <c>GET /console/{proxy+}</c> on the REST API that serves the
/// management API, to the same function, with no authorizer (the page's API calls carry the credentials). A
/// template that declares them is served as written; one that does not gets them here, as a deployed stack gets
/// them from the management function's events.
/// </summary>
internal static class ConsoleRoutes
{
    public const string Path = "/console";

    public static SamTemplate AddTo(SamTemplate template)
    {
        var apis = template.Apis.Select(WithConsole).ToList();
        return template with { Apis = apis };
    }

    /// <summary>The REST API with the management routes, when the template has one.</summary>
    public static ApiDefinition? ConsoleApi(SamTemplate template) =>
        template.Apis.FirstOrDefault(api => api.Kind == ApiKind.Rest && api.Routes.Any(IsConsole));

    private static ApiDefinition WithConsole(ApiDefinition api)
    {
        if (api.Kind != ApiKind.Rest || api.Routes.Any(IsConsole))
        {
            return api;
        }

        var management = api.Routes.FirstOrDefault(r => r.Path.StartsWith("/v1/", StringComparison.Ordinal));
        if (management is null)
        {
            return api;
        }

        return api with
        {
            Routes =
            [
                .. api.Routes,
                new RouteDefinition(api.LogicalId, "GET", Path, management.FunctionLogicalId, null),
                new RouteDefinition(api.LogicalId, "GET", Path + "/{proxy+}", management.FunctionLogicalId, null),
            ],
        };
    }

    private static bool IsConsole(RouteDefinition route) =>
        route.Path == Path || route.Path.StartsWith(Path + "/", StringComparison.Ordinal);
}
