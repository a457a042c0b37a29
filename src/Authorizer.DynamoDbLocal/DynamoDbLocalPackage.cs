using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Authorizer.DynamoDbLocal;

/// <summary>
/// Amazon DynamoDB Local as shipped inside the npm package <c>amplify-dynamodb-simulator</c> (pinned, with the
/// registry's SHA-512 checked here too): <c>npm pack</c> fetches the tarball through the ordinary client without
/// the package's JavaScript dependencies, and only its <c>emulator/</c> folder (the jar and its native libraries)
/// is unpacked into a cache folder. Each installer unpacks into its own temporary folder and renames it into
/// place, so racing processes never see a half-installed tree.
/// </summary>
public static class DynamoDbLocalPackage
{
    public const string PackageName = "amplify-dynamodb-simulator";
    public const string PackageVersion = "2.9.30";
    private const string Integrity = "xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==";
    private const string EmulatorPrefix = "package/emulator/";

    /// <summary>The folder holding <c>DynamoDBLocal.jar</c> and <c>DynamoDBLocal_lib</c>, installed when missing.</summary>
    public static async Task<string> EnsureInstalledAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var target = Path.Combine(CacheRoot(), $"dynamodb-local-{PackageVersion}");
        if (IsComplete(target))
        {
            return target;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var staging = target + ".tmp-" + Environment.ProcessId + "-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
        Directory.CreateDirectory(staging);
        try
        {
            var tarball = await PackAsync(staging, timeout, cancellationToken).ConfigureAwait(false);
            using (var file = File.OpenRead(tarball))
            {
                var digest = Convert.ToBase64String(SHA512.HashData(file));
                if (!string.Equals(digest, Integrity, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"{PackageName}@{PackageVersion} from npm does not match its pinned SHA-512.");
                }
            }

            var emulator = Path.Combine(staging, "emulator");
            ExtractEmulator(tarball, emulator, cancellationToken);
            File.Delete(tarball);
            try
            {
                Directory.Move(emulator, target);
            }
            catch (IOException) when (IsComplete(target))
            {
                // Another process installed it first.
            }

            return IsComplete(target) ? target : throw new InvalidOperationException($"The {PackageName} package holds no DynamoDBLocal.jar.");
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>$XDG_CACHE_HOME/authorizer, else ~/.cache/authorizer, else the temporary folder.</summary>
    public static string CacheRoot()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg))
        {
            return Path.Combine(xdg, "authorizer");
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home)
            ? Path.Combine(Path.GetTempPath(), "authorizer-cache")
            : Path.Combine(home, ".cache", "authorizer");
    }

    private static bool IsComplete(string folder) =>
        File.Exists(Path.Combine(folder, "DynamoDBLocal.jar")) && Directory.Exists(Path.Combine(folder, "DynamoDBLocal_lib"));

    // One-time install of a local file: synchronous reads keep it simple.
    private static void ExtractEmulator(string tarball, string destination, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(destination) + Path.DirectorySeparatorChar;
        using var file = File.OpenRead(tarball);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry(copyData: false) is { } entry)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                || !entry.Name.StartsWith(EmulatorPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var path = Path.GetFullPath(Path.Combine(destination, entry.Name[EmulatorPrefix.Length..]));
            if (!path.StartsWith(root, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The {PackageName} tarball holds a path outside its folder: {entry.Name}");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            entry.ExtractToFile(path, overwrite: false);
        }
    }

    private static async Task<string> PackAsync(string workDir, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("npm")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDir,
        };
        foreach (var arg in new[] { "pack", $"{PackageName}@{PackageVersion}", "--pack-destination", workDir, "--loglevel=error", "--ignore-scripts" })
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
            throw new InvalidOperationException($"npm is not on the PATH; it is needed once to fetch DynamoDB Local ({PackageName}@{PackageVersion}).", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"npm pack {PackageName}@{PackageVersion} did not finish within {timeout.TotalMinutes} minutes.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"npm pack {PackageName}@{PackageVersion} failed with exit code {process.ExitCode}:\n{await stdout.ConfigureAwait(false)}\n{await stderr.ConfigureAwait(false)}");
            }
        }

        var tarball = Path.Combine(workDir, $"{PackageName}-{PackageVersion}.tgz");
        return File.Exists(tarball) ? tarball : throw new InvalidOperationException($"npm pack wrote no {tarball}.");
    }
}
