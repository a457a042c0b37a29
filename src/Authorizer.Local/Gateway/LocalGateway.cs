using Authorizer.Local.Functions;
using Authorizer.Local.Template;

namespace Authorizer.Local.Gateway;

/// <summary>
/// Every API of a template served on loopback: the first on the given port, each next one on the following
/// port (port 0 picks free ports). Functions run in-process through their real handlers. With a
/// <c>jwks</c>, each API also serves the runner's demo identity provider's public keys (see <see cref="ApiServer"/>).
/// </summary>
internal sealed class LocalGateway : IAsyncDisposable
{
    private readonly List<ApiServer> _servers = [];

    private LocalGateway(FunctionHost functions) => Functions = functions;

    public FunctionHost Functions { get; }

    public IReadOnlyList<ApiServer> Servers => _servers;

    public ApiServer Server(ApiKind kind) => _servers.First(s => s.Api.Definition.Kind == kind);

    public static async Task<LocalGateway> StartAsync(
        SamTemplate template,
        int port,
        TimeProvider time,
        TextWriter log,
        Func<string, string, bool> resourceMatches,
        CancellationToken cancellationToken,
        string? jwks = null)
    {
        var functions = new FunctionHost(template);
        var gateway = new LocalGateway(functions);
        var invoker = new AuthorizerInvoker(functions, new AuthorizerResultCache(time), resourceMatches);
        var proxy = new ProxyIntegration(functions);
        var requestLog = new RequestLog(log, time);
        try
        {
            var offset = 0;
            foreach (var api in ApiContext.Assign(template.Apis))
            {
                var server = new ApiServer(api, invoker, proxy, time, requestLog, jwks);
                gateway._servers.Add(server);
                await server.StartAsync(port == 0 ? 0 : port + offset, cancellationToken).ConfigureAwait(false);
                offset++;
            }
        }
        catch
        {
            await gateway.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return gateway;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
