using Authorizer.TestSupport;

namespace Authorizer.Functions.Tests;

/// <summary>The API Gateway samples under the shared folder.</summary>
internal static class SharedFiles
{
    public static string AwsEventsDirectory => Path.Combine(SharedDirectory.Path, "aws-events");

    public static string AwsEvent(string fileName) => Path.Combine(AwsEventsDirectory, fileName);

    public static IEnumerable<string> AwsEventFiles() =>
        Directory.EnumerateFiles(AwsEventsDirectory, "*.json").OrderBy(f => f, StringComparer.Ordinal);
}
