using System.Diagnostics;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Authorizer.Local.Tests.Console;

/// <summary>
/// One headless Debian Chromium per test class, driven through Debian's chromedriver. When either is missing the
/// fixture installs both with <c>scripts/install-chromium.sh</c> (apt, as root); only when that is impossible do the
/// tests skip, with the reason. Each instance gets a fresh profile folder, removed at the end.
/// </summary>
public sealed class ChromiumFixture : IDisposable
{
    public const string Browser = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";

    private readonly string _profile = Directory.CreateTempSubdirectory("authorizer-console-chromium-").FullName;
    private readonly ChromeDriver? _driver;

    public ChromiumFixture()
    {
        SkipReason = EnsureInstalled();
        if (SkipReason is not null)
        {
            return;
        }

        var options = new ChromeOptions { BinaryLocation = Browser };
        options.AddArguments(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1200,1000", $"--user-data-dir={_profile}");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        _driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    /// <summary>Why the browser tests cannot run here; null when they can.</summary>
    public string? SkipReason { get; }

    public IWebDriver Driver => _driver ?? throw new InvalidOperationException(SkipReason);

    public void Dispose()
    {
        _driver?.Quit();
        _driver?.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be releasing its profile; the temp folder's cleanup takes it.
        }
    }

    private static string? EnsureInstalled()
    {
        if (File.Exists(Browser) && File.Exists(DriverPath))
        {
            return null;
        }

        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return $"{Browser} or {DriverPath} is missing and installing them needs root on Debian: run scripts/install-chromium.sh";
        }

        var script = Path.Combine(RepositoryPaths.Root, "scripts", "install-chromium.sh");
        using var install = Process.Start(new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = install.StandardOutput.ReadToEndAsync();
        var errors = install.StandardError.ReadToEnd();
        install.WaitForExit();
        _ = output.Result;
        return install.ExitCode == 0 && File.Exists(Browser) && File.Exists(DriverPath)
            ? null
            : $"scripts/install-chromium.sh could not install chromium and chromium-driver (exit {install.ExitCode}): {errors.Trim()}";
    }
}
