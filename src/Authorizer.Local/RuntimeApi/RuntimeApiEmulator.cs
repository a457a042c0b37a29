using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;

namespace Authorizer.Local.RuntimeApi;

/// <summary>
/// An in-process Lambda Runtime API (<c>/2018-06-01/runtime/...</c>) on 127.0.0.1, so a custom-runtime binary
/// (the native <c>bootstrap</c>) can be run locally: start it with <c>AWS_LAMBDA_RUNTIME_API</c> = <see cref="RuntimeApiAddress"/>,
/// hand it events with <see cref="InvokeAsync"/>, and read back what it posts.
/// </summary>
public sealed class RuntimeApiEmulator : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime/";
    private const string FunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:local";

    private readonly HttpListener _listener = new();
    private readonly Channel<PendingInvocation> _queue = Channel.CreateUnbounded<PendingInvocation>();
    private readonly ConcurrentDictionary<string, PendingInvocation> _inFlight = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<RuntimeInvocationResult> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _time;
    private readonly Lock _pollGate = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _pollWaiters = [];
    private int _waitingPolls;
    private int _peakWaitingPolls;
    private Task? _serving;

    public RuntimeApiEmulator(int port = 0, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        _time = time ?? TimeProvider.System;
        Port = port == 0 ? FreePort() : port;
        _listener.Prefixes.Add($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");
    }

    public int Port { get; }

    /// <summary>The value for the runtime's <c>AWS_LAMBDA_RUNTIME_API</c> environment variable.</summary>
    public string RuntimeApiAddress => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Completes when the runtime reports an initialization error.</summary>
    public Task<RuntimeInvocationResult> InitError => _initError.Task;

    /// <summary>The most <c>invocation/next</c> polls that were outstanding at one time (a multi-concurrency runtime keeps several).</summary>
    public int PeakWaitingPolls
    {
        get
        {
            lock (_pollGate)
            {
                return _peakWaitingPolls;
            }
        }
    }

    /// <summary>Completes once <paramref name="count"/> polls are outstanding together, or fails after <paramref name="timeout"/>.</summary>
    public Task WaitForPollsAsync(int count, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (_pollGate)
        {
            if (_waitingPolls >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _pollWaiters.Add((count, reached));
            return reached.Task.WaitAsync(timeout, _time);
        }
    }

    public void Start()
    {
        if (_serving is not null)
        {
            return;
        }

        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>
    /// Queues one event and waits for the runtime to answer it, report an init error, or for <paramref name="timeout"/>
    /// (which is also the deadline the runtime is given).
    /// </summary>
    public async Task<RuntimeInvocationResult> InvokeAsync(ReadOnlyMemory<byte> payload, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        var pending = new PendingInvocation(
            NewRequestId(),
            payload.ToArray(),
            _time.GetUtcNow().Add(timeout));
        _inFlight[pending.RequestId] = pending;
        await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        try
        {
            var finished = await Task.WhenAny(pending.Result.Task, _initError.Task)
                .WaitAsync(timeout, _time, cancellationToken)
                .ConfigureAwait(false);
            return await finished.ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The runtime did not answer request {pending.RequestId} within {timeout.TotalSeconds:0.###} s.");
        }
        finally
        {
            _inFlight.TryRemove(pending.RequestId, out _);
        }
    }

    /// <summary>
    /// Starts a custom-runtime process against this emulator, invokes it once with <paramref name="payload"/>, and stops it.
    /// With <paramref name="logs"/>, the process's stdout and stderr lines (its logs, as Lambda sends them to CloudWatch)
    /// are copied there; without it they are left as configured in <paramref name="startInfo"/>.
    /// </summary>
    public async Task<RuntimeInvocationResult> InvokeProcessAsync(ProcessStartInfo startInfo, ReadOnlyMemory<byte> payload, TimeSpan timeout, TextWriter? logs = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        Start();
        startInfo.Environment["AWS_LAMBDA_RUNTIME_API"] = RuntimeApiAddress;
        var synchronizedLogs = logs is null ? null : TextWriter.Synchronized(logs);
        if (synchronizedLogs is not null)
        {
            startInfo.RedirectStandardOutput = true;
            startInfo.RedirectStandardError = true;
        }

        using var process = new Process { StartInfo = startInfo };
        if (synchronizedLogs is not null)
        {
            process.OutputDataReceived += (_, line) => Forward(synchronizedLogs, line.Data);
            process.ErrorDataReceived += (_, line) => Forward(synchronizedLogs, line.Data);
        }

        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {startInfo.FileName}.");
        }

        if (synchronizedLogs is not null)
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        try
        {
            var invocation = InvokeAsync(payload, timeout, cancellationToken);
            var exited = process.WaitForExitAsync(cancellationToken);
            if (await Task.WhenAny(invocation, exited).ConfigureAwait(false) == exited && !invocation.IsCompleted)
            {
                // A runtime that exits without answering may still have posted an init error just before.
                if (_initError.Task.IsCompleted)
                {
                    return await _initError.Task.ConfigureAwait(false);
                }

                throw new InvalidOperationException($"The runtime exited with code {process.ExitCode} before answering.");
            }

            return await invocation.ConfigureAwait(false);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _queue.Writer.TryComplete();
        if (_listener.IsListening)
        {
            _listener.Stop();
        }

        if (_serving is not null)
        {
            await _serving.ConfigureAwait(false);
        }

        _listener.Close();
        _stopping.Dispose();
    }

    private static void Forward(TextWriter logs, string? line)
    {
        if (line is not null)
        {
            logs.WriteLine(line);
        }
    }

    private async Task ServeAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            // invocation/next is a long poll: every request gets its own task.
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            var path = request.Url?.AbsolutePath ?? string.Empty;
            if (!path.StartsWith(Prefix, StringComparison.Ordinal))
            {
                await AnswerAsync(response, 404, ErrorJson("NotFound", "Unknown path.")).ConfigureAwait(false);
                return;
            }

            var route = path[Prefix.Length..];
            if (request.HttpMethod == "GET" && route == "invocation/next")
            {
                await NextAsync(response).ConfigureAwait(false);
            }
            else if (request.HttpMethod == "POST" && route == "init/error")
            {
                var body = await ReadBodyAsync(request).ConfigureAwait(false);
                _initError.TrySetResult(new RuntimeInvocationResult(string.Empty, true, body, ErrorTypeOf(request)));
                await AnswerAsync(response, 202, "{\"status\":\"OK\"}"u8.ToArray()).ConfigureAwait(false);
            }
            else if (request.HttpMethod == "POST" && TryParseResult(route, out var requestId, out var isError))
            {
                var body = await ReadBodyAsync(request).ConfigureAwait(false);
                if (!_inFlight.TryGetValue(requestId, out var pending))
                {
                    await AnswerAsync(response, 400, ErrorJson("InvalidRequestID", "Invalid request ID")).ConfigureAwait(false);
                    return;
                }

                pending.Result.TrySetResult(new RuntimeInvocationResult(requestId, isError, body, isError ? ErrorTypeOf(request) : null));
                await AnswerAsync(response, 202, "{\"status\":\"OK\"}"u8.ToArray()).ConfigureAwait(false);
            }
            else
            {
                await AnswerAsync(response, 404, ErrorJson("NotFound", "Unknown path.")).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            // The runtime went away mid-request or the emulator is stopping; nothing is waiting for this answer.
            response.Abort();
        }
    }

    private async Task NextAsync(HttpListenerResponse response)
    {
        PendingInvocation pending;
        PollsChanged(+1);
        try
        {
            pending = await _queue.Reader.ReadAsync(_stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            PollsChanged(-1);
        }

        response.Headers["Lambda-Runtime-Aws-Request-Id"] = pending.RequestId;
        response.Headers["Lambda-Runtime-Deadline-Ms"] = pending.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = FunctionArn;
        response.Headers["Lambda-Runtime-Trace-Id"] = $"Root=1-{_time.GetUtcNow().ToUnixTimeSeconds():x8}-{pending.RequestId.Replace("-", string.Empty, StringComparison.Ordinal)[..24]};Sampled=0";
        await AnswerAsync(response, 200, pending.Payload).ConfigureAwait(false);
    }

    private void PollsChanged(int by)
    {
        lock (_pollGate)
        {
            _waitingPolls += by;
            _peakWaitingPolls = Math.Max(_peakWaitingPolls, _waitingPolls);
            for (var i = _pollWaiters.Count - 1; i >= 0; i--)
            {
                if (_waitingPolls >= _pollWaiters[i].Count)
                {
                    _pollWaiters[i].Reached.TrySetResult();
                    _pollWaiters.RemoveAt(i);
                }
            }
        }
    }

    private static bool TryParseResult(string route, out string requestId, out bool isError)
    {
        requestId = string.Empty;
        isError = false;
        const string Head = "invocation/";
        if (!route.StartsWith(Head, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = route[Head.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return false;
        }

        var action = rest[(slash + 1)..];
        if (action is not ("response" or "error"))
        {
            return false;
        }

        requestId = Uri.UnescapeDataString(rest[..slash]);
        isError = action == "error";
        return true;
    }

    private static string? ErrorTypeOf(HttpListenerRequest request) => request.Headers["Lambda-Runtime-Function-Error-Type"];

    private static async Task<byte[]> ReadBodyAsync(HttpListenerRequest request)
    {
        using var buffer = new MemoryStream();
        await request.InputStream.CopyToAsync(buffer).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static async Task AnswerAsync(HttpListenerResponse response, int status, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        response.Close();
    }

    private static byte[] ErrorJson(string type, string message) =>
        Encoding.UTF8.GetBytes($"{{\"errorMessage\":\"{message}\",\"errorType\":\"{type}\"}}");

    private static string NewRequestId()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return new Guid(bytes).ToString("D");
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private sealed record PendingInvocation(string RequestId, byte[] Payload, DateTimeOffset Deadline)
    {
        public TaskCompletionSource<RuntimeInvocationResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
