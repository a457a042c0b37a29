using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Authorizer.DynamoDbLocal;

/// <summary>
/// One Amazon DynamoDB Local process (Java) on a free loopback port, in memory or keeping its data in a folder.
/// It runs under a small bash watchdog that stops it when the owner's standard input pipe closes, so it never
/// outlives the process that started it, even one that is killed. <see cref="Dispose"/> stops it at once.
/// </summary>
public sealed class DynamoDbLocalServer : IDisposable
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private const int PortAttempts = 3;

    // bash: start java, then wait for stdin to close (owner gone) or java to exit, whichever comes first.
    private const string Watchdog =
        "\"$@\" </dev/null & child=$!; trap 'kill $child 2>/dev/null' EXIT; "
        + "while kill -0 $child 2>/dev/null; do read -r -t 1 _; rc=$?; if [ $rc -le 128 ]; then break; fi; done; "
        + "kill $child 2>/dev/null; wait $child";

    private readonly Process _process;
    private readonly StringBuilder _output;
    private int _disposed;

    private DynamoDbLocalServer(Process process, StringBuilder output, Uri serviceUrl, string? dataDirectory)
    {
        _process = process;
        _output = output;
        ServiceUrl = serviceUrl;
        DataDirectory = dataDirectory;
    }

    /// <summary>The endpoint, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri ServiceUrl { get; }

    /// <summary>Where the data is kept; null when in memory.</summary>
    public string? DataDirectory { get; }

    /// <summary>
    /// Installs DynamoDB Local when missing and starts it; <paramref name="dataDirectory"/> null keeps everything in
    /// memory (<c>-inMemory</c>), otherwise the tables live in that folder (<c>-dbPath</c>) across restarts.
    /// </summary>
    public static async Task<DynamoDbLocalServer> StartAsync(string? dataDirectory = null, CancellationToken cancellationToken = default)
    {
        var home = await DynamoDbLocalPackage.EnsureInstalledAsync(InstallTimeout, cancellationToken).ConfigureAwait(false);
        if (dataDirectory is not null)
        {
            dataDirectory = Path.GetFullPath(dataDirectory);
            Directory.CreateDirectory(dataDirectory);
        }

        Exception? last = null;
        for (var attempt = 0; attempt < PortAttempts; attempt++)
        {
            var port = FreeLoopbackPort();
            var (process, output) = Launch(home, port, dataDirectory);
            var url = new Uri($"http://127.0.0.1:{port}/");
            try
            {
                await WaitUntilServingAsync(process, output, url, cancellationToken).ConfigureAwait(false);
                return new DynamoDbLocalServer(process, output, url, dataDirectory);
            }
            catch (PortTakenException ex)
            {
                // Another process took the port between our probe and Java's bind; try another.
                last = ex;
                Stop(process);
            }
            catch
            {
                Stop(process);
                throw;
            }
        }

        throw new InvalidOperationException($"DynamoDB Local could not bind a free port in {PortAttempts} attempts.", last);
    }

    /// <summary>What the server printed so far (its start banner, errors), for diagnostics.</summary>
    public string Output() => Snapshot(_output);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Stop(_process);
        }
    }

    private static (Process Process, StringBuilder Output) Launch(string home, int port, string? dataDirectory)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = home,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Watchdog);
        start.ArgumentList.Add("dynamodb-local");
        foreach (var arg in new[]
        {
            "java", "-Xmx512m", "-XX:+UseSerialGC", "-Djava.library.path=" + Path.Combine(home, "DynamoDBLocal_lib"),
            "-jar", Path.Combine(home, "DynamoDBLocal.jar"), "-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-disableTelemetry",

            // One database whatever access key or region a client signs with (else each key gets its own tables).
            "-sharedDb",
        })
        {
            start.ArgumentList.Add(arg);
        }

        if (dataDirectory is null)
        {
            start.ArgumentList.Add("-inMemory");
        }
        else
        {
            start.ArgumentList.Add("-dbPath");
            start.ArgumentList.Add(dataDirectory);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("bash could not be started.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("bash is not on the PATH; it supervises the DynamoDB Local process.", ex);
        }

        var output = new StringBuilder();
        void Append(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    // Keep the start banner and the first errors, not an unbounded log.
                    if (output.Length < 64 * 1024)
                    {
                        output.AppendLine(e.Data);
                    }
                }
            }
        }

        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output);
    }

    private static async Task WaitUntilServingAsync(Process process, StringBuilder output, Uri url, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        while (true)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                var text = Snapshot(output);
                if (text.Contains("Address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    throw new PortTakenException();
                }

                throw new InvalidOperationException(text.Contains("java: command not found", StringComparison.Ordinal)
                    ? "java is not on the PATH; DynamoDB Local needs a Java 17 (or later) runtime."
                    : $"DynamoDB Local exited with code {process.ExitCode} before serving:\n{text}");
            }

            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url)
                {
                    Content = new StringContent("{}", Encoding.UTF8),
                };
                request.Content.Headers.ContentType = new("application/x-amz-json-1.0");
                request.Headers.TryAddWithoutValidation("X-Amz-Target", "DynamoDB_20120810.ListTables");
                request.Headers.TryAddWithoutValidation(
                    "Authorization", "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0");
                using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!timeout.IsCancellationRequested)
            {
                // One probe timed out while the JVM was starting.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"DynamoDB Local did not answer on {url} within {StartTimeout.TotalSeconds} s:\n{Snapshot(output)}");
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"DynamoDB Local did not answer on {url} within {StartTimeout.TotalSeconds} s:\n{Snapshot(output)}");
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Stop(Process process)
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

    private static string Snapshot(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }

    private sealed class PortTakenException : Exception
    {
        public PortTakenException()
            : base("The port was taken before DynamoDB Local bound it.")
        {
        }

        public PortTakenException(string message)
            : base(message)
        {
        }

        public PortTakenException(string message, Exception innerException)
            : base(message, innerException)
        {
        }
    }
}
