using System.Diagnostics;

namespace Authorizer.Local.Tests;

/// <summary>A short-lived child process (the runner's own command line, or a shell line as a user pastes it) with its output.</summary>
internal static class ChildProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The functions' deadlines at their maximum: a child is a cold process (JIT, first store call, first key fetch),
    /// and on a loaded shared machine that alone can pass the default 1.5 s. What these tests check is the decision,
    /// not its time; the deadlines have their own tests.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> ColdStartEnvironment { get; } = new Dictionary<string, string?>
    {
        ["AUTHORIZER_DECISION_DEADLINE_MS"] = "10000",
        ["AUTHORIZER_STORE_TIMEOUT_MS"] = "5000",
        ["AUTHORIZER_JWKS_TIMEOUT_MS"] = "5000",
    };

    public static string RunnerDll => Path.Combine(AppContext.BaseDirectory, "Authorizer.Local.dll");

    /// <summary><c>dotnet Authorizer.Local.dll ARGS</c> in <paramref name="workDirectory"/>.</summary>
    public static Task<(int Exit, string Stdout, string Stderr)> RunnerAsync(string workDirectory, params string[] args) =>
        RunAsync("dotnet", [RunnerDll, .. args], workDirectory);

    /// <summary>One line through <c>bash -c</c>, exactly as typed at a prompt.</summary>
    public static Task<(int Exit, string Stdout, string Stderr)> ShellAsync(string line, string workDirectory) =>
        RunAsync("bash", ["-c", line], workDirectory);

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string file, string[] args, string workDirectory)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in ColdStartEnvironment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {Timeout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
