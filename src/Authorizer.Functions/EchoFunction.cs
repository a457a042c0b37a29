using System.Text.Json;
using Authorizer.Functions.BodyIntegrity;
using Authorizer.Functions.Events;

namespace Authorizer.Functions;

/// <summary>
/// The sample protected backend (<c>Authorizer.Functions::Authorizer.Functions.EchoFunction::Handler</c>):
/// answers 200 with the method, path, query and the authorizer context it received, after checking the body
/// against <c>Content-MD5</c> / <c>X-Sdk-Content-Sha256</c> (400 on mismatch).
/// </summary>
public sealed class EchoFunction
{
    /// <summary>Lambda's own request payload limit.</summary>
    public const int MaxEventBytes = 6 * 1024 * 1024;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Lambda calls the handler on an instance.")]
    public async Task<Stream> Handler(Stream input)
    {
        RestProxyRequest request;
        try
        {
            var payload = await EventReader.ReadPayloadAsync(input, MaxEventBytes).ConfigureAwait(false);
            request = EventReader.Deserialize(payload, FunctionsJsonContext.Default.RestProxyRequest);
        }
        catch (InvalidEventException ex)
        {
            return Serialize(Error(400, "invalid_event", ex.Message));
        }

        var integrity = BodyIntegrityCheck.Check(request);
        if (!integrity.IsValid)
        {
            return Serialize(BodyIntegrityCheck.ToErrorResponse(integrity));
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
}
