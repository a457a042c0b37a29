using System.Runtime.CompilerServices;
using System.Text.Json;
using Authorizer.Backend;
using Authorizer.Functions.Events;
using Authorizer.Functions.Hosting;

namespace Authorizer.Functions;

/// <summary>
/// The sample protected backend (<c>Authorizer.Functions::Authorizer.Functions.EchoFunction::Handler</c>):
/// answers 200 with the method, path, query and the authorizer context it received, once
/// <see cref="BackendVerifier"/> has checked the body against <c>Content-MD5</c> / <c>X-Sdk-Content-Sha256</c>
/// (400) and completed any signature over the body the authorizer deferred (403, the gateway's error shape).
/// </summary>
public sealed class EchoFunction
{
    /// <summary>Lambda's own request payload limit.</summary>
    public const int MaxEventBytes = 6 * 1024 * 1024;

    private readonly Func<Task<BackendVerifier>> _verifier;

    /// <summary>The Lambda entry: the verifier reads apps through the container's one composition.</summary>
    public EchoFunction()
        : this(SharedVerifier.GetAsync)
    {
    }

    internal EchoFunction(BackendVerifier verifier)
        : this(() => Task.FromResult(verifier))
    {
    }

    private EchoFunction(Func<Task<BackendVerifier>> verifier)
    {
        _verifier = verifier;
    }

    public async Task<Stream> Handler(Stream input)
    {
        byte[] payload;
        RestProxyRequest request;
        try
        {
            payload = await EventReader.ReadPayloadAsync(input, MaxEventBytes).ConfigureAwait(false);
            request = EventReader.Deserialize(payload, FunctionsJsonContext.Default.RestProxyRequest);
        }
        catch (InvalidEventException ex)
        {
            return Serialize(Error(400, "invalid_event", ex.Message));
        }

        var verifier = await _verifier().ConfigureAwait(false);
        var (verdict, _) = await verifier.VerifyEventAsync(payload).ConfigureAwait(false);
        if (!verdict.IsAllowed)
        {
            return new MemoryStream(verdict.ToProxyResponse(), writable: false);
        }

        var body = new EchoResponseBody
        {
            Method = request.HttpMethod ?? request.RequestContext?.HttpMethod,
            Path = request.Path,
            Query = Query(request),
            Authorizer = request.RequestContext?.Authorizer ?? [],
        };

        return Serialize(new RestProxyResponse
        {
            StatusCode = 200,
            Headers = JsonHeaders(),
            Body = JsonSerializer.Serialize(body, FunctionsJsonContext.Default.EchoResponseBody) + "\n",
        });
    }

    private static Dictionary<string, List<string>> Query(RestProxyRequest request)
    {
        var query = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (request.MultiValueQueryStringParameters is not null)
        {
            foreach (var (name, values) in request.MultiValueQueryStringParameters)
            {
                query[name] = values?.Where(v => v is not null).Select(v => v!).ToList() ?? [];
            }
        }
        else if (request.QueryStringParameters is not null)
        {
            foreach (var (name, value) in request.QueryStringParameters)
            {
                query[name] = value is null ? [] : [value];
            }
        }

        return query;
    }

    private static RestProxyResponse Error(int status, string code, string message) => new()
    {
        StatusCode = status,
        Headers = JsonHeaders(),
        Body = JsonSerializer.Serialize(new ErrorResponseBody { Error = code, Message = message }, FunctionsJsonContext.Default.ErrorResponseBody) + "\n",
    };

    private static Dictionary<string, string> JsonHeaders() =>
        new(StringComparer.Ordinal) { ["Content-Type"] = "application/json" };

    private static MemoryStream Serialize(RestProxyResponse response) =>
        new(JsonSerializer.SerializeToUtf8Bytes(response, FunctionsJsonContext.Default.RestProxyResponse), writable: false);

    /// <summary>One verifier per composition: the container's store, cache and secret decryption, built once.</summary>
    private static class SharedVerifier
    {
        private static readonly ConditionalWeakTable<AuthorizerServices, BackendVerifier> Verifiers = new();

        public static async Task<BackendVerifier> GetAsync()
        {
            var services = await SharedComposition.GetServicesAsync().ConfigureAwait(false);
            return Verifiers.GetValue(services, static built => new BackendVerifier(built.Directory, built.Time));
        }
    }
}
