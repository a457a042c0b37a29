namespace Authorizer.Local.Tests;

/// <summary>The repository root: the first folder above the test assembly that holds template.yaml.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Template => Path.Combine(Root, "template.yaml");

    public static string Events => Path.Combine(Root, "events");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "template.yaml")) && Directory.Exists(Path.Combine(dir.FullName, "src")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("template.yaml not found above " + AppContext.BaseDirectory);
    }
}
