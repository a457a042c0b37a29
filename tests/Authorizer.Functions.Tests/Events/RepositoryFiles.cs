namespace Authorizer.Functions.Tests.Events;

/// <summary>The repository's own sample events (<c>events/*.json</c>), found by walking up from the test assembly.</summary>
internal static class RepositoryFiles
{
    public static IEnumerable<string> SampleEvents()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "template.yaml")) && Directory.Exists(Path.Combine(dir.FullName, "events")))
            {
                return Directory.EnumerateFiles(Path.Combine(dir.FullName, "events"), "*.json").OrderBy(f => f, StringComparer.Ordinal);
            }
        }

        throw new InvalidOperationException("The repository's events/ folder was not found above the test assembly.");
    }
}
