using System.Text.Json;
using System.Text.Json.Nodes;
using Authorizer.Local.Gateway;
using Authorizer.Local.Template;

namespace Authorizer.Local.Commands;

/// <summary>
/// <c>generate-event &lt;rest-request|rest-token|http-request|management&gt;</c>: an event as the local gateway
/// (and API Gateway) would build it for a request, signed with any scheme at the current time.
/// Options: <c>--scheme/--key/--secret/--code/--token</c> (as for <c>sign</c>), <c>--method GET</c>,
/// <c>--path /echo/hello</c> (may carry a query), <c>-H</c>, <c>-d</c>, <c>--app-id</c> (management: the caller's
/// app id in the authorizer context), <c>--template</c>.
/// </summary>
internal static class GenerateEventCommand
{
    public static async Task<int> RunAsync(ParsedArgs args, TextWriter stdout)
    {
        if (args.Positionals.Count != 1)
        {
            throw new UsageException("generate-event needs one of: rest-request, rest-token, http-request, management");
        }

        var kind = args.Positionals[0];
        var template = TemplateReader.Read(TemplateLocator.Find(args.Get("--template")));
        var method = (args.Get("--method") ?? (kind == "management" ? "GET" : "GET")).ToUpperInvariant();
        var target = args.Get("--path") ?? (kind == "management" ? "/v1/apps" : "/echo/hello");
        if (!target.StartsWith('/'))
        {
            throw new UsageException("--path must start with /");
        }

        var apiKind = kind == "http-request" ? ApiKind.Http : ApiKind.Rest;
        var api = ApiContext.Assign(template.Apis).FirstOrDefault(a => a.Definition.Kind == apiKind)
            ?? throw new UsageException($"the template has no {(apiKind == ApiKind.Rest ? "REST" : "HTTP")} API");
        var url = new Uri(new Uri(apiKind == ApiKind.Rest ? "http://127.0.0.1:3000" : "http://127.0.0.1:3001"), target);
        var headers = RequestSigning.Headers(args).ToList();
        var body = args.Get("--data");
        if (args.Get("--scheme") is not null)
        {
            var signed = await RequestSigning.SignAsync(RequestSigning.Credentials(args), method, url, headers, body, TimeProvider.System)
                .ConfigureAwait(false);
            headers = [.. signed.Headers];
        }

        if (!headers.Any(h => string.Equals(h.Key, "Host", StringComparison.OrdinalIgnoreCase)))
        {
            headers.Insert(0, new KeyValuePair<string, string>("Host", url.Authority));
        }

        var question = target.IndexOf('?', StringComparison.Ordinal);
        var request = new GatewayRequest(
            method,
            question < 0 ? target : target[..question],
            question < 0 ? string.Empty : target[(question + 1)..],
            headers,
            body is null ? [] : System.Text.Encoding.UTF8.GetBytes(body),
            "127.0.0.1",
            Guid.NewGuid().ToString(),
            DateTimeOffset.UtcNow);
        var match = new RouteTable(api.Definition.Routes).Match(method, request.RawPath)
            ?? new RouteMatch(new RouteDefinition(api.Definition.LogicalId, "ANY", request.RawPath, "EchoFunction", null), new Dictionary<string, string>());

        JsonObject evt = kind switch
        {
            "rest-request" => AuthorizerEventBuilder.RestRequest(request, match, api),
            "rest-token" => AuthorizerEventBuilder.RestToken(request, api, TokenAuthorizer()),
            "http-request" => AuthorizerEventBuilder.HttpRequest(request, match, api, HttpAuthorizer(api)),
            "management" => ProxyEventBuilder.Rest(request, match, api, ManagementContext(args)),
            _ => throw new UsageException($"unknown event kind '{kind}'"),
        };
        await stdout.WriteLineAsync(evt.ToJsonString(new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
        return 0;
    }

    private static AuthorizerDefinition TokenAuthorizer() =>
        new("Token", "AuthorizerFunction", "TOKEN", ["Authorization"], [], 0, "1.0", false);

    private static AuthorizerDefinition HttpAuthorizer(ApiContext api) =>
        api.Definition.Authorizers.Values.FirstOrDefault()
        ?? new AuthorizerDefinition("Http", "AuthorizerFunction", "REQUEST", [], [], 0, "2.0", true);

    private static JsonObject? ManagementContext(ParsedArgs args) =>
        args.Get("--app-id") is { } appId
            ? new JsonObject { ["principalId"] = appId, ["appId"] = appId }
            : null;
}
