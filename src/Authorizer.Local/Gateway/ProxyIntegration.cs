using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Authorizer.Local.Functions;

namespace Authorizer.Local.Gateway;

/// <summary>A backend's proxy response, validated.</summary>
internal sealed record ProxyResponse(int StatusCode, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body);

/// <summary>Lambda proxy integration: invoke the backend with the proxy event and map its response back.</summary>
internal sealed class ProxyIntegration(FunctionHost functions)
{
    /// <summary>The backend's response, or null when it failed or answered something that is not a proxy response (502).</summary>
    public async Task<ProxyResponse?> InvokeAsync(string functionLogicalId, JsonObject proxyEvent, CancellationToken cancellationToken)
    {
        byte[] output;
        try
        {
            output = await functions.InvokeAsync(functionLogicalId, JsonPayload.ToUtf8(proxyEvent), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FunctionInvocationException or HandlerResolutionException)
        {
            return null;
        }

        return Parse(output);
    }

    internal static ProxyResponse? Parse(byte[] output)
    {
        JsonObject? response;
        try
        {
            response = JsonNode.Parse(output) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }

        if (response is null || response["statusCode"] is not JsonValue statusNode || !statusNode.TryGetValue<int>(out var status) || status is < 100 or > 599)
        {
            return null;
        }

        var headers = new List<KeyValuePair<string, string>>();
        if (response["headers"] is JsonObject single)
        {
            headers.AddRange(single.Where(h => h.Value is JsonValue).Select(h => new KeyValuePair<string, string>(h.Key, h.Value!.ToString())));
        }

        if (response["multiValueHeaders"] is JsonObject multi)
        {
            foreach (var (name, values) in multi)
            {
                headers.RemoveAll(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
                headers.AddRange((values as JsonArray ?? []).Where(v => v is JsonValue).Select(v => new KeyValuePair<string, string>(name, v!.ToString())));
            }
        }

        if (response["cookies"] is JsonArray cookies)
        {
            headers.AddRange(cookies.Where(c => c is JsonValue).Select(c => new KeyValuePair<string, string>("Set-Cookie", c!.ToString())));
        }

        var bodyText = response["body"] is JsonValue bodyNode ? bodyNode.ToString() : string.Empty;
        var isBase64 = response["isBase64Encoded"] is JsonValue flag && flag.TryGetValue<bool>(out var b) && b;
        byte[] body;
        try
        {
            body = isBase64 ? Convert.FromBase64String(bodyText) : Encoding.UTF8.GetBytes(bodyText);
        }
        catch (FormatException)
        {
            return null;
        }

        return new ProxyResponse(status, headers, body);
    }
}
