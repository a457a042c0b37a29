using System.Net.Sockets;
using System.Text;

namespace Authorizer.TestSupport.Network;

/// <summary>
/// A loopback HTTP/1.1 server that answers every request with the same response and counts the requests: the
/// calls a client really makes, retries of every layer included.
/// </summary>
public sealed class CannedHttpServer : LoopbackServer
{
    private readonly byte[] _response;
    private int _requests;

    public CannedHttpServer(int status, string reason, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        _response = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status} {reason}\r\nContent-Type: {contentType}\r\nx-amzn-RequestId: canned\r\nContent-Length: {bytes.Length}\r\n\r\n")
            .Concat(bytes).ToArray();
        Start();
    }

    public Uri Url => new(Origin);

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
                if (headerEnd >= 0)
                {
                    var total = headerEnd + 4 + HttpHead.ContentLength(pending, headerEnd);
                    if (pending.Count >= total)
                    {
                        pending.RemoveRange(0, total);
                        Interlocked.Increment(ref _requests);
                        await stream.WriteAsync(_response, Stopping);
                        continue;
                    }
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
