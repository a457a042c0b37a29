using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Authorizer.TestSupport.Processes;

namespace Authorizer.TestSupport;

/// <summary>
/// An in-memory DynamoDB (dynalite, pinned in <c>node/package.json</c>) for tests. The npm package is installed
/// once into a cache folder keyed by the package files; the server starts on first use, on a free loopback
/// port, and dies with this object or with the test process (it exits when its stdin closes).
/// Use it as an xunit collection fixture and give every test its own table with <see cref="NewTableName"/>.
/// </summary>
public sealed class DynaliteServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly SemaphoreSlim _startGate = new(1, 1);
    private Process? _process;
    private Uri? _serviceUrl;
    private int _tables;

    /// <summary>Starts the server when it is not running yet and answers its endpoint.</summary>
    public async Task<Uri> GetServiceUrlAsync()
    {
        await _startGate.WaitAsync();
        try
        {
            if (_serviceUrl is null)
            {
                var nodeDir = Path.Combine(AppContext.BaseDirectory, "dynalite");
                var installed = await NpmPackageCache.EnsureInstalledAsync(
                    "dynalite", Path.Combine(nodeDir, "package.json"), Path.Combine(nodeDir, "package-lock.json"));
                var modules = Path.Combine(installed, "node_modules");
                if (!File.Exists(Path.Combine(modules, "dynalite", "cli.js")))
                {
                    throw new InvalidOperationException($"npm finished but {modules} holds no dynalite.");
                }

                (_process, var port) = await StartAsync(nodeDir, modules);
                _serviceUrl = new Uri($"http://127.0.0.1:{port}");
            }

            return _serviceUrl;
        }
        finally
        {
            _startGate.Release();
        }
    }

    /// <summary>A client for this server with fake credentials (dynalite does not check signatures).</summary>
    public async Task<AmazonDynamoDBClient> CreateClientAsync()
    {
        var url = await GetServiceUrlAsync();
        return new AmazonDynamoDBClient(
            new BasicAWSCredentials("test-access-key", "test-secret-key"),
            new AmazonDynamoDBConfig
            {
                ServiceURL = url.ToString(),
                AuthenticationRegion = "us-east-1",
                MaxErrorRetry = 0,
                Timeout = TimeSpan.FromSeconds(30),
            });
    }

    /// <summary>A table name no other test in this process has used.</summary>
    public string NewTableName(string prefix = "t") =>
        $"{prefix}-{Environment.ProcessId}-{Interlocked.Increment(ref _tables)}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(3))}";

    public void Dispose()
    {
        var process = Interlocked.Exchange(ref _process, null);
        if (process is not null)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            finally
            {
                process.Dispose();
            }
        }

        _startGate.Dispose();
    }

    private static async Task<(Process Process, int Port)> StartAsync(string nodeDir, string modules)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = nodeDir,
        };
        start.ArgumentList.Add(Path.Combine(nodeDir, "dynalite-server.js"));
        start.ArgumentList.Add("0");
        start.Environment["NODE_PATH"] = modules;

        var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
                if (line is null)
                {
                    await process.WaitForExitAsync(timeout.Token);
                    throw new InvalidOperationException($"dynalite exited with code {process.ExitCode} before listening:\n{Snapshot(stderr)}");
                }

                if (line.StartsWith("listening ", StringComparison.Ordinal) && int.TryParse(line.AsSpan("listening ".Length), out var port))
                {
                    return (process, port);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
            throw ex is OperationCanceledException
                ? new TimeoutException($"dynalite did not start within {StartTimeout.TotalSeconds} s:\n{Snapshot(stderr)}", ex)
                : ex;
        }
    }

    private static string Snapshot(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }
}
