using Authorizer.TestSupport.Processes;

namespace Authorizer.Management.Tests.OpenApi;

/// <summary>
/// A third-party linter (Redocly CLI, pinned in <c>openapi-lint/package-lock.json</c>, installed into a cache
/// folder outside the repository) passes on the document with its <c>recommended-strict</c> rules, where every
/// warning is an error.
/// </summary>
public sealed class OpenApiLintTests
{
    private static readonly TimeSpan LintTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Redocly_lint_passes_on_the_document()
    {
        var config = Path.Combine(AppContext.BaseDirectory, "openapi-lint");
        var installed = await NpmPackageCache.EnsureInstalledAsync(
            "openapi-lint", Path.Combine(config, "package.json"), Path.Combine(config, "package-lock.json"));
        var cli = Path.Combine(installed, "node_modules", "@redocly", "cli", "bin", "cli.js");

        var result = await ProcessRunner.RunAsync(
            "node",
            [cli, "lint", RepositoryFiles.OpenApiDocument, "--config", Path.Combine(config, "redocly.yaml"), "--format", "stylish"],
            config,
            new Dictionary<string, string>
            {
                ["REDOCLY_TELEMETRY"] = "off",
                ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true",
            },
            LintTimeout);

        Assert.True(result.ExitCode == 0, $"redocly lint failed ({result.ExitCode}):\n{result.StandardOutput}\n{result.StandardError}");
        Assert.Contains("Your API description is valid", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }
}
