namespace Authorizer.Functions.Tests;

/// <summary>Finds the <c>shared/</c> folder: walking up from the test assembly, else <c>AUTHORIZER_SHARED_DIR</c>.</summary>
internal static class SharedFiles
{
    private static readonly Lazy<string> Root = new(Locate);

    public static string AwsEventsDirectory => Path.Combine(Root.Value, "aws-events");

    public static string AwsEvent(string fileName) => Path.Combine(AwsEventsDirectory, fileName);

    public static IEnumerable<string> AwsEventFiles() =>
        Directory.EnumerateFiles(AwsEventsDirectory, "*.json").OrderBy(f => f, StringComparer.Ordinal);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "spec")))
            {
                return candidate;
            }
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("AUTHORIZER_SHARED_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(Path.Combine(fromEnvironment, "spec")))
        {
            return fromEnvironment;
        }

        throw new InvalidOperationException("The shared/ folder was not found above the test assembly and AUTHORIZER_SHARED_DIR is not set.");
    }
}
