using Authorizer.Interop.Tests.Corpus;
using Authorizer.TestSupport.Processes;

namespace Authorizer.Interop.Tests.Node;

/// <summary>Installs the pinned SDKs (cached) and runs <c>node/sign-corpus.js</c> with them.</summary>
internal static class NodeCorpusSigner
{
    private static readonly TimeSpan SignTimeout = TimeSpan.FromMinutes(2);

    public static async Task<SignedCorpus> SignAsync(string appKey, string appSecret)
    {
        var scripts = Path.Combine(AppContext.BaseDirectory, "node");
        var installed = await NpmPackageCache.EnsureInstalledAsync(
            "interop",
            Path.Combine(scripts, "package.json"), Path.Combine(scripts, "package-lock.json"));

        var result = await ProcessRunner.RunAsync(
            "node",
            [Path.Combine(scripts, "sign-corpus.js")],
            scripts,
            new Dictionary<string, string>
            {
                // The script lives beside the test assembly; its packages live in the cache.
                ["NODE_PATH"] = Path.Combine(installed, "node_modules"),
                ["INTEROP_APP_KEY"] = appKey,
                ["INTEROP_APP_SECRET"] = appSecret,
            },
            SignTimeout);
        ProcessRunner.EnsureSucceeded(result, "node sign-corpus.js");

        try
        {
            return SignedCorpus.Parse(result.StandardOutput);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidOperationException(
                $"sign-corpus.js printed something that is not the corpus: {ex.Message}\nstdout:\n{result.StandardOutput}\nstderr:\n{result.StandardError}",
                ex);
        }
    }
}
