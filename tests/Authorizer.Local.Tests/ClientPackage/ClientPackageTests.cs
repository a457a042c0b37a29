using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;
using Authorizer.TestSupport.Processes;

namespace Authorizer.Local.Tests.ClientPackage;

/// <summary>
/// <c>dotnet pack</c> of the client and of Core (its dependency) gives packages a fresh project can install
/// from a folder feed, and a request signed by that project is accepted by the authorizer behind start-api. The
/// backend library and its ASP.NET Core middleware pack with the same shape.
/// </summary>
[Collection(SharedGateway.Name)]
public sealed class ClientPackageTests(GatewayFixture gateway) : IDisposable
{
    private const string Version = "1.0.0";
    private static readonly TimeSpan DotnetTimeout = TimeSpan.FromMinutes(5);

    private readonly string _work = Directory.CreateTempSubdirectory("authorizer-client-package-").FullName;

    [Fact]
    public async Task A_project_that_installs_the_packed_client_signs_requests_the_authorizer_accepts()
    {
        var feed = Path.Combine(_work, "feed");
        await PackAsync("Authorizer.Core", feed);
        await PackAsync("Authorizer.Client", feed);
        AssertPackageShape(Path.Combine(feed, $"Authorizer.Client.{Version}.nupkg"), "Authorizer.Client", dependsOnCore: true);
        AssertPackageShape(Path.Combine(feed, $"Authorizer.Core.{Version}.nupkg"), "Authorizer.Core", dependsOnCore: false);
        await PackAsync("Authorizer.Backend", feed);
        await PackAsync("Authorizer.Backend.AspNetCore", feed);
        AssertPackageShape(Path.Combine(feed, $"Authorizer.Backend.{Version}.nupkg"), "Authorizer.Backend", dependsOnCore: true);
        AssertPackageShape(Path.Combine(feed, $"Authorizer.Backend.AspNetCore.{Version}.nupkg"), "Authorizer.Backend.AspNetCore", dependsOnCore: false);

        var consumer = Path.Combine(_work, "consumer");
        ConsumerProject.Write(consumer, feed, Version);
        var build = await DotnetAsync(consumer, "build", "-c", "Release", "-o", Path.Combine(consumer, "out"), "-nologo");
        ProcessRunner.EnsureSucceeded(build, "building the consumer project");

        var accepted = await RunConsumerAsync(consumer, GatewayFixture.DemoSecret);
        var refused = await RunConsumerAsync(consumer, "not-the-secret-0000000000000000000000000000");

        Assert.Equal("200", accepted[0]);
        using var echo = JsonDocument.Parse(accepted[1]);
        Assert.Equal("signature-ca", echo.RootElement.GetProperty("authorizer").GetProperty("scheme").GetString());
        Assert.Contains(refused[0], new[] { "401", "403" });
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private async Task<string[]> RunConsumerAsync(string consumer, string secret)
    {
        var run = await DotnetAsync(
            consumer, Path.Combine(consumer, "out", "Consumer.dll"), gateway.RestBase.ToString(), "echo/from-package", GatewayFixture.DemoKey, secret);
        ProcessRunner.EnsureSucceeded(run, "running the consumer project");
        return run.StandardOutput.Split('\n', 2, StringSplitOptions.TrimEntries);
    }

    private async Task PackAsync(string project, string feed)
    {
        // The projects were built with the tests (same configuration); packing does not build them again.
        var result = await DotnetAsync(
            RepositoryPaths.Root,
            "pack", Path.Combine("src", project, project + ".csproj"), "--no-build", "-c", Configuration, "-o", feed, "-nologo");
        ProcessRunner.EnsureSucceeded(result, $"dotnet pack {project}");
    }

    private Task<ProcessResult> DotnetAsync(string workingDirectory, params string[] arguments) =>
        ProcessRunner.RunAsync(
            "dotnet",
            arguments,
            workingDirectory,
            new Dictionary<string, string>
            {
                // A private package folder: the consumer sees exactly what was just packed, never an older copy.
                ["NUGET_PACKAGES"] = Path.Combine(_work, "packages"),
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
                ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            },
            DotnetTimeout);

    private static string Configuration =>
        typeof(ClientPackageTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    private static void AssertPackageShape(string nupkg, string id, bool dependsOnCore)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("README.md", names);
        Assert.Contains($"lib/net10.0/{id}.dll", names);
        Assert.Contains($"lib/net10.0/{id}.xml", names);
        Assert.True(File.Exists(Path.ChangeExtension(nupkg, ".snupkg")), $"{id} has no symbol package");

        using var nuspecStream = zip.GetEntry($"{id}.nuspec")!.Open();
        var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
        Assert.Equal(id, Value("id"));
        Assert.Equal("README.md", Value("readme"));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")));
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal("git", repository.Attribute("type")?.Value);
        Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")?.Value ?? string.Empty);
        var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")?.Value).ToList();
        Assert.Equal(dependsOnCore, dependencies.Contains("Authorizer.Core"));
    }
}
