using System.Net.Sockets;
using System.Text;

namespace Authorizer.TestSupport.Network;

/// <summary>
/// A loopback HTTP/1.1 server that reads each request in full, counts it, then starts a 200 answer and stalls in
/// the middle of it: the status line and headers (a JSON body of <see cref="DeclaredBodyLength"/> bytes announced)
/// and the first bytes of the body, then nothing more until the client gives up. A store that accepted and probably
/// applied the request but whose answer never arrives, as a timed-out request looks to its client.
/// </summary>
public sealed class StallingHttpServer : LoopbackServer
{
    public const int DeclaredBodyLength = 64;

    private static readonly byte[] Head = Encoding.ASCII.GetBytes(
        $"HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nx-amzn-RequestId: stalled\r\nContent-Length: {DeclaredBodyLength}\r\n\r\n{{\"Attr");

    private readonly bool _sendHead;
    private readonly TimeSpan? _resetAfter;
    private int _requests;

    /// <param name="sendHead">True: answer with the headers and a partial body, then stall; false: answer nothing.</param>
    /// <param name="resetAfter">When set, the stalled connection is reset this long after the request arrived (the
    /// client then reads a connection reset, not a timeout); otherwise it is held until the client closes it.</param>
    public StallingHttpServer(bool sendHead, TimeSpan? resetAfter = null)
    {
        _sendHead = sendHead;
        _resetAfter = resetAfter;
        Start();
    }

    public Uri Url => new(Origin);

    /// <summary>Complete requests received so far, retries of every layer included.</summary>
    public int Requests => Volatile.Read(ref _requests);



    protected override async Task ServeAsync(Socket socket)
    {
        using var stream = new NetworkStream(socket, ownsSocket: true);
        var pending = new List<byte>();
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var headerEnd = HttpHead.IndexOfEnd(pending);
                if (headerEnd >= 0 && pending.Count >= headerEnd + 4 + HttpHead.ContentLength(pending, headerEnd))
                {
                    Interlocked.Increment(ref _requests);
                    if (_sendHead)
                    {
                        await stream.WriteAsync(Head, Stopping);
                    }

                    if (_resetAfter is { } after)
                    {
                        await Task.Delay(after, Stopping);
                        socket.LingerState = new LingerOption(true, 0);
                        socket.Close();
                        return;
                    }

                    // Hold the connection open, reading until the client closes it.
                    while (await stream.ReadAsync(buffer, Stopping) > 0)
                    {
                    }

                    return;
                }

                var read = await stream.ReadAsync(buffer, Stopping);
                if (read == 0)
                {
                    return;
                }

                pending.AddRange(buffer.AsSpan(0, read).ToArray());
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Closed.
        }
    }
}
