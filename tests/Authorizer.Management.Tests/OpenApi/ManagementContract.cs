using Authorizer.TestSupport.OpenApi;

namespace Authorizer.Management.Tests.OpenApi;

/// <summary>Holds a management API answer to the OpenAPI document (see <see cref="OpenApiContract"/>).</summary>
internal static class ManagementContract
{
    public static void Check(ManagementRequest request, ManagementResponse response) => Check(request.Method, request.Path, response);

    public static void Check(string method, string path, ManagementResponse response)
    {
        // The console's static files are served beside the API, not part of it (ConsoleServingTests hold them).
        if (path == "/console" || path.StartsWith("/console/", StringComparison.Ordinal))
        {
            return;
        }

        OpenApiContract.Check(method, path, response.StatusCode, response.Headers, response.Body);
    }
}
