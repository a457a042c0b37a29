using System.Net.Sockets;
using System.Text;

namespace Authorizer.TestSupport.Network;

/// <summary>
/// A loopback HTTP/1.1 server for a JWKS whose answer a test changes as it goes (rotation, outage, a slow answer):
/// GET requests are counted (the last path kept) and answered with the current status, Cache-Control and body, whatever
/// the path. One request per connection. Also serves OpenID Connect discovery documents: <see cref="Issuer"/> is its base.
/// </summary>
public sealed class JwksHttpServer : LoopbackServer
{
    private volatile Reply _reply;
    private volatile string? _lastPath;
    private int _requests;

    public JwksHttpServer(string body, string? cacheControl = null)
    {
        _reply = new Reply(200, body, cacheControl, TimeSpan.Zero);
        Start();
    }

    public Uri Url => new(Origin + "/.well-known/jwks.json");

    /// <summary>The server's origin without a path (<c>http://127.0.0.1:PORT</c>), to use as an issuer for discovery.</summary>
    public string Issuer => Origin;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The path (and query) of the last request, or null before the first.</summary>
    public string? LastPath => _lastPath;

    public void Serve(string body, string? cacheControl = null, TimeSpan delay = default) => _reply = new Reply(200, body, cacheControl, delay);

    public void Fail(int status = 503) => _reply = _reply with { Status = status };



    protected override async Task ServeAsync(Socket socket)
    {
        using var stream = new NetworkStream(socket, ownsSocket: true);
        var pending = new List<byte>();
        var buffer = new byte[4096];
        try
        {
            while (!Encoding.ASCII.GetString([.. pending]).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, Stopping);
                if (read == 0)
                {
                    return;
                }

                pending.AddRange(buffer.AsSpan(0, read).ToArray());
            }

            var requestLine = Encoding.ASCII.GetString([.. pending]).Split("\r\n")[0].Split(' ');
            _lastPath = requestLine.Length > 1 ? requestLine[1] : null;
            Interlocked.Increment(ref _requests);
            var reply = _reply;
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay, Stopping);
            }

            var body = Encoding.UTF8.GetBytes(reply.Status == 200 ? reply.Body : "unavailable");
            var head = new StringBuilder()
                .Append(CultureInvariant($"HTTP/1.1 {reply.Status} X\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: {body.Length}\r\n"));
            if (reply.CacheControl is { } control)
            {
                head.Append("Cache-Control: ").Append(control).Append("\r\n");
            }

            head.Append("\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()).Concat(body).ToArray(), Stopping);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Closed.
        }
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);

    private sealed record Reply(int Status, string Body, string? CacheControl, TimeSpan Delay);
}
