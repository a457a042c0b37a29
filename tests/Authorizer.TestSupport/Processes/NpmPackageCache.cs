using System.Security.Cryptography;

namespace Authorizer.TestSupport.Processes;

/// <summary>
/// Installs the pinned npm packages once per lock file into
/// <c>$XDG_CACHE_HOME/authorizer-tests/&lt;name&gt;-&lt;hash&gt;</c> (else <c>~/.cache/...</c>), outside the repository.
/// A folder with that name is complete by construction: <c>npm ci</c> runs in a private temp folder that is
/// renamed into place only after it succeeded, so two test processes racing both end up using one finished
/// install and never see a half-written one.
/// </summary>
public static class NpmPackageCache
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Returns the folder that holds <c>node_modules</c> for the given manifest and lock file.</summary>
    /// <param name="name">Names the cache folder, so installs for different tests are told apart at a glance.</param>
    public static async Task<string> EnsureInstalledAsync(string name, string packageJsonPath, string packageLockPath)
    {
        var manifest = await File.ReadAllBytesAsync(packageJsonPath);
        var lockFile = await File.ReadAllBytesAsync(packageLockPath);
        var root = Path.Combine(CacheHome(), "authorizer-tests");
        var final = Path.Combine(root, name + "-" + Fingerprint(manifest, lockFile));
        if (Directory.Exists(Path.Combine(final, "node_modules")))
        {
            return final;
        }

        Directory.CreateDirectory(root);
        var temp = $"{final}.tmp-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        Directory.CreateDirectory(temp);
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(temp, "package.json"), manifest);
            await File.WriteAllBytesAsync(Path.Combine(temp, "package-lock.json"), lockFile);
            var result = await ProcessRunner.RunAsync(
                "npm",
                ["ci", "--no-audit", "--no-fund", "--ignore-scripts"],
                temp,
                new Dictionary<string, string>(),
                InstallTimeout);
            ProcessRunner.EnsureSucceeded(result, $"`npm ci` in {temp}");

            try
            {
                Directory.Move(temp, final);
            }
            catch (IOException) when (Directory.Exists(Path.Combine(final, "node_modules")))
            {
                // Another process finished the same install first; theirs is identical.
                TryDelete(temp);
            }

            return final;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static string CacheHome()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
        {
            return xdg;
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (string.IsNullOrEmpty(home))
        {
            home = Path.GetTempPath();
        }

        return Path.Combine(home, ".cache");
    }

    private static string Fingerprint(byte[] manifest, byte[] lockFile)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(manifest);
        hash.AppendData([0]);
        hash.AppendData(lockFile);
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless: its name is never used again.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
