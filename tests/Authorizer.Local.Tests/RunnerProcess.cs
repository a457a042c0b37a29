using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Authorizer.Local.Tests;

/// <summary>
/// <c>start-api</c> as its own process (the functions compose once per process from the environment, so a run on
/// another store cannot share this test process), in a temporary working folder that holds its <c>.authorizer/</c>.
/// </summary>
internal sealed partial class RunnerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly bool _ownsDirectory;

    private RunnerProcess(Process process, string workDirectory, bool ownsDirectory)
    {
        _process = process;
        WorkDirectory = workDirectory;
        _ownsDirectory = ownsDirectory;
    }

    public string WorkDirectory { get; }

    public Uri RestBase { get; private set; } = null!;

    public Uri HttpBase { get; private set; } = null!;

    public string Stdout => Snapshot(_stdout);

    public string Stderr => Snapshot(_stderr);

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>start-api --port 0 --template … <paramref name="arguments"/></c> and returns once it serves or exits.</summary>
    public static Task<RunnerProcess> StartAsync(params string[] arguments) => StartAsync(new Dictionary<string, string?>(), arguments);

    /// <summary>As <see cref="StartAsync(string[])"/>, with these environment variables set (null removes one).</summary>
    public static Task<RunnerProcess> StartAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        StartAsync(environment, null, arguments);

    /// <summary>As <see cref="StartAsync(string[])"/>, in a folder the caller owns (kept on dispose), e.g. to start again on the same state.</summary>
    public static Task<RunnerProcess> StartInAsync(string workDirectory, IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        StartAsync(environment, workDirectory, arguments);

    private static async Task<RunnerProcess> StartAsync(IReadOnlyDictionary<string, string?> environment, string? workDirectory, string[] arguments)
    {
        var work = workDirectory ?? Directory.CreateTempSubdirectory("authorizer-runner-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = work,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Authorizer.Local.dll"), "start-api", "--port", "0", "--template", RepositoryPaths.Template })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var runner = new RunnerProcess(Process.Start(start)!, work, ownsDirectory: workDirectory is null);
        runner._process.OutputDataReceived += (_, e) => runner.OnStdout(e.Data);
        runner._process.ErrorDataReceived += (_, e) => Append(runner._stderr, e.Data);
        runner._process.BeginOutputReadLine();
        runner._process.BeginErrorReadLine();
        var exited = runner._process.WaitForExitAsync();
        var finished = await Task.WhenAny(runner._ready.Task, exited, Task.Delay(StartTimeout));
        if (finished == exited)
        {
            runner._process.WaitForExit();
        }
        else if (finished != runner._ready.Task)
        {
            await runner.DisposeAsync();
            throw new TimeoutException($"start-api did not start within {StartTimeout}:\n{runner.Stdout}\n{runner.Stderr}");
        }

        return runner;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGTERM, as <c>kill</c> sends it, then waits for a clean exit.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        if (!_ownsDirectory)
        {
            return ValueTask.CompletedTask;
        }

        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left to the temp folder's cleanup.
        }

        return ValueTask.CompletedTask;
    }

    private void OnStdout(string? line)
    {
        Append(_stdout, line);
        if (line is null)
        {
            return;
        }

        if (RestUrl().Match(line) is { Success: true } match)
        {
            RestBase = new Uri(match.Groups[1].Value);
        }

        if (HttpUrl().Match(line) is { Success: true } http)
        {
            HttpBase = new Uri(http.Groups[1].Value);
        }

        if (line.StartsWith("Press Ctrl+C", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is not null)
        {
            lock (text)
            {
                text.AppendLine(line);
            }
        }
    }

    private static string Snapshot(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }

    [GeneratedRegex(@"^REST API \w+: (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex RestUrl();

    [GeneratedRegex(@"^HTTP API \w+: (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex HttpUrl();
}
