namespace Authorizer.TestSupport;

/// <summary>Finds the shared spec folder: the nearest ancestor holding <c>shared/spec</c>, else AUTHORIZER_SHARED_DIR.</summary>
public static class SharedDirectory
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

        throw new InvalidOperationException("Cannot find the shared/spec folder; set AUTHORIZER_SHARED_DIR.");
    }
}
