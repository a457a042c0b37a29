using System.Net.Sockets;

namespace Authorizer.TestSupport.Network;

/// <summary>
/// A loopback server that accepts every connection, reads what it is sent and never answers: a store that is up
/// but hung (as a DynamoDB endpoint stopped with SIGSTOP looks to its clients).
/// </summary>
public sealed class SilentTcpServer : LoopbackServer
{
    private readonly List<Socket> _accepted = [];

    public SilentTcpServer()
    {
        Start();
    }

    public Uri Url => new(Origin);

    protected override void OnStopped()
    {
        lock (_accepted)
        {
            foreach (var socket in _accepted)
            {
                socket.Dispose();
            }
        }
    }

    protected override async Task ServeAsync(Socket socket)
    {
        lock (_accepted)
        {
            _accepted.Add(socket);
        }

        var buffer = new byte[4096];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, Stopping) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Closed by the client or by Dispose.
        }
    }
}
