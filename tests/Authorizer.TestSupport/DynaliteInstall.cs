using System.Diagnostics;
using System.Security.Cryptography;

namespace Authorizer.TestSupport;

/// <summary>
/// Installs the pinned npm packages into a cache folder named by a hash of package.json and package-lock.json.
/// Each installer works in its own temporary folder and renames it into place, so racing test processes
/// never see a half-installed tree.
/// </summary>
internal static class DynaliteInstall
{
    public static async Task<string> EnsureInstalledAsync(string nodeDir, TimeSpan timeout)
    {
        var packageJson = Path.Combine(nodeDir, "package.json");
        var lockJson = Path.Combine(nodeDir, "package-lock.json");
        if (!File.Exists(packageJson))
        {
            throw new FileNotFoundException("The dynalite package.json was not copied next to the tests.", packageJson);
        }

        var hash = SHA256.HashData([.. await File.ReadAllBytesAsync(packageJson), .. File.Exists(lockJson) ? await File.ReadAllBytesAsync(lockJson) : []]);
        var target = Path.Combine(CacheRoot(), "dynalite-" + Convert.ToHexString(hash, 0, 8).ToLowerInvariant());
        var modules = Path.Combine(target, "node_modules");
        if (File.Exists(Path.Combine(modules, "dynalite", "cli.js")))
        {
            return modules;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var staging = target + ".tmp-" + Environment.ProcessId + "-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
        Directory.CreateDirectory(staging);
        try
        {
            File.Copy(packageJson, Path.Combine(staging, "package.json"));
            var useLock = File.Exists(lockJson);
            if (useLock)
            {
                File.Copy(lockJson, Path.Combine(staging, "package-lock.json"));
            }

            await RunNpmAsync(staging, useLock ? "ci" : "install", timeout);
            try
            {
                Directory.Move(staging, target);
            }
            catch (IOException) when (File.Exists(Path.Combine(modules, "dynalite", "cli.js")))
            {
                // Another process installed the same packages first.
            }

            if (!File.Exists(Path.Combine(modules, "dynalite", "cli.js")))
            {
                throw new InvalidOperationException($"npm finished but {modules} holds no dynalite.");
            }

            return modules;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static string CacheRoot()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg))
        {
            return Path.Combine(xdg, "authorizer-tests");
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home)
            ? Path.Combine(Path.GetTempPath(), "authorizer-tests")
            : Path.Combine(home, ".cache", "authorizer-tests");
    }

    private static async Task RunNpmAsync(string workDir, string command, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("npm")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDir,
        };
        foreach (var arg in new[] { command, "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error" })
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("npm could not be started.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("npm is not on the PATH; the DynamoDB tests need node and npm to run dynalite.", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"npm {command} did not finish within {timeout.TotalMinutes} minutes in {workDir}.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"npm {command} failed with exit code {process.ExitCode} in {workDir}:\n{await stdout}\n{await stderr}");
            }
        }
    }
}
