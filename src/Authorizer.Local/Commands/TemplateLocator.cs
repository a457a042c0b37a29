namespace Authorizer.Local.Commands;

/// <summary>Finds template.yaml: the given path, else the first one from the current folder upwards.</summary>
internal static class TemplateLocator
{
    public static string Find(string? given)
    {
        if (given is not null)
        {
            return File.Exists(given) ? Path.GetFullPath(given) : throw new UsageException($"--template: {given} not found");
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "template.yaml");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new UsageException("template.yaml not found in this folder or above (use --template FILE)");
    }
}
