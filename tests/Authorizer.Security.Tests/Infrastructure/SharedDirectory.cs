namespace Authorizer.Security.Tests.Infrastructure;

/// <summary>Finds the <c>shared/</c> folder: walking up from the test assembly, else <c>AUTHORIZER_SHARED_DIR</c>.</summary>
internal static class SharedDirectory
{
    public static string Path { get; } = Locate();

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(System.IO.Path.Combine(candidate, "spec")))
            {
                return candidate;
            }
        }

        var fromEnv = Environment.GetEnvironmentVariable("AUTHORIZER_SHARED_DIR");
        if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(System.IO.Path.Combine(fromEnv, "spec")))
        {
            return fromEnv;
        }

        throw new DirectoryNotFoundException("shared/spec not found above the test assembly; set AUTHORIZER_SHARED_DIR.");
    }
}
