namespace Authorizer.TestSupport;

/// <summary>Files of the repository the tests hold the code to, found from the test assembly upwards.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string OpenApiDocument => Path.Combine(Root, "docs", "openapi.json");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Authorizer.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Authorizer.sln above {AppContext.BaseDirectory}.");
    }
}
