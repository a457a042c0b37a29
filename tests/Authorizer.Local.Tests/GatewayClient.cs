using System.Text.Json;
using Authorizer.Client;
using Authorizer.Core.Signing;

namespace Authorizer.Local.Tests;

internal static class GatewayClient
{
    public static HttpClient Signed(Uri baseUri, SigningCredentials credentials) =>
        new(new SigningHandler(new SigningHandlerOptions { Credentials = credentials }, new HttpClientHandler()))
        {
            BaseAddress = baseUri,
        };

    public static HttpClient Plain(Uri baseUri) => new() { BaseAddress = baseUri };

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
