using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Authorizer.Core.Model;
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
    /// <summary>The schemes a TOKEN authorizer can see: it gets one header's value, and these live in one header.</summary>
    private static readonly string[] TokenSchemes = [SchemeIds.AppCode, SchemeIds.AppBasic, SchemeIds.Token];

    public static Command Create(CommandIo io)
    {
        var signing = new SigningOptions();
        var kind = new Argument<string>("KIND") { Description = "rest-request, rest-token, http-request or management." };
        kind.AcceptOnlyFromAmong("rest-request", "rest-token", "http-request", "management");
        var method = new Option<string>("--method") { Description = "The request's method.", HelpName = "METHOD", DefaultValueFactory = _ => "GET" };
        var path = new Option<string>("--path")
        {
            Description = "The request's path, with a query if any (default /echo/hello; /v1/apps for management).",
            HelpName = "PATH",
        };
        var appId = new Option<string>("--app-id") { Description = "management: the caller's app id in the authorizer context.", HelpName = "ID" };
        var template = CommonOptions.Template();
        var command = new Command("generate-event", "Prints the event the local gateway would send for a request, signed at the current time.")
        {
            kind, method, path, appId, template,
        };
        signing.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(kind) == "rest-token" && !TokenSchemes.Contains(result.GetValue(signing.Scheme), StringComparer.Ordinal))
            {
                result.AddError($"rest-token needs --scheme {string.Join(", ", TokenSchemes)}: a TOKEN authorizer only sees the Authorization header.");
            }
        });
        command.SetAction((result, _) => RunAsync(result, kind, method, path, appId, template, signing, io.Stdout));
        return command;
    }

    private static async Task<int> RunAsync(
        ParseResult result,
        Argument<string> kindArgument,
        Option<string> methodOption,
        Option<string> pathOption,
        Option<string> appIdOption,
        Option<string> templateOption,
        SigningOptions signing,
        TextWriter stdout)
    {
        var kind = result.GetValue(kindArgument)!;
        var template = TemplateReader.Read(TemplateLocator.Find(result.GetValue(templateOption)));
        var method = result.GetValue(methodOption)!.ToUpperInvariant();
        var target = result.GetValue(pathOption) ?? (kind == "management" ? "/v1/apps" : "/echo/hello");
        if (!target.StartsWith('/'))
        {
            throw new UsageException("--path must start with /");
        }

        var apiKind = kind == "http-request" ? ApiKind.Http : ApiKind.Rest;
        var api = ApiContext.Assign(template.Apis).FirstOrDefault(a => a.Definition.Kind == apiKind)
            ?? throw new UsageException($"the template has no {(apiKind == ApiKind.Rest ? "REST" : "HTTP")} API");
        var url = new Uri(new Uri(apiKind == ApiKind.Rest ? "http://127.0.0.1:3000" : "http://127.0.0.1:3001"), target);
        var headers = signing.Headers(result).ToList();
        var body = result.GetValue(signing.Data);
        if (signing.Credentials(result) is { } credentials)
        {
            var signed = await RequestSigning.SignAsync(credentials, method, url, headers, body, TimeProvider.System)
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
            "management" => ProxyEventBuilder.Rest(request, match, api, ManagementContext(result.GetValue(appIdOption))),
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

    private static JsonObject? ManagementContext(string? appId) =>
        appId is not null
            ? new JsonObject { ["principalId"] = appId, ["appId"] = appId }
            : null;
}
