using System.Net;
using System.Net.Sockets;

namespace Authorizer.TestSupport.Network;

/// <summary>
/// What the loopback test servers share: a listener on 127.0.0.1 at a free port, the accept loop handing each
/// connection to <see cref="ServeAsync"/>, the connection count, and the stop on dispose. A server calls
/// <see cref="Start"/> at the end of its constructor, so no connection is served before its own fields are set.
/// </summary>
public abstract class LoopbackServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _connections;
    private int _disposed;

    /// <summary><c>http://127.0.0.1:PORT</c>, without a path.</summary>
    public string Origin => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Cancelled when the server stops; a connection's reads, writes and delays end with it.</summary>
    protected CancellationToken Stopping => _stop.Token;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stop.Cancel();
        _listener.Stop();
        OnStopped();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    protected void Start()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>Serves one accepted connection; runs concurrently with the accept loop.</summary>
    protected abstract Task ServeAsync(Socket socket);

    /// <summary>After the listener stopped, before the stop token is disposed: close what the server still holds.</summary>
    protected virtual void OnStopped()
    {
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                _ = ServeAsync(socket);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
