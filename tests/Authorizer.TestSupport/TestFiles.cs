namespace Authorizer.TestSupport;

/// <summary>
/// Files of this repository the tests read, copied next to the test assemblies at build time (see the project file),
/// so a test never depends on anything outside the repository.
/// </summary>
public static class TestFiles
{
    /// <summary>template.yaml, the one definition of the deployed resources (the app table among them).</summary>
    public static string TemplatePath => Existing(Path.Combine(AppContext.BaseDirectory, "repo", "template.yaml"));

    /// <summary>The fixture folder (tests/fixtures): signature vectors and API Gateway samples, see its SOURCES.md.</summary>
    public static string FixturesDirectory => Path.Combine(AppContext.BaseDirectory, "fixtures");

    /// <summary>The signature vectors produced by the official SDKs.</summary>
    public static string SignatureVectorsPath => Existing(Path.Combine(FixturesDirectory, "vectors", "signatures.json"));

    /// <summary>The API Gateway event samples.</summary>
    public static string AwsEventsDirectory => Path.Combine(FixturesDirectory, "aws-events");

    /// <summary>One API Gateway sample by file name.</summary>
    public static string AwsEvent(string fileName) => Existing(Path.Combine(AwsEventsDirectory, fileName));

    /// <summary>Every API Gateway event sample (the SOURCES note excluded).</summary>
    public static IEnumerable<string> AwsEventFiles()
    {
        var files = Directory.GetFiles(AwsEventsDirectory, "*.json").Order(StringComparer.Ordinal).ToList();
        return files.Count > 0 ? files : throw new InvalidOperationException($"No API Gateway samples in {AwsEventsDirectory}.");
    }

    private static string Existing(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path} was not copied next to the tests; rebuild the test project.", path);
}
