using System.Text;
using Authorizer.Local.Gateway;
using Authorizer.Local.Seeding;
using Authorizer.Local.Template;

namespace Authorizer.Local.Commands;

/// <summary>What <c>start-api</c> prints: the APIs and their ids, routes, credentials and ready-to-paste commands.</summary>
internal static class StartBanner
{
    private const string Run = "dotnet run --project src/Authorizer.Local --";

    public static string Render(LocalRunner runner)
    {
        var text = new StringBuilder();
        text.AppendLine("Authorizer local gateway");
        text.AppendLine($"  template: {runner.Template.Path}");
        text.AppendLine($"  store:    {runner.StoreDescription}");
        text.AppendLine();
        foreach (var server in runner.Gateway.Servers)
        {
            var api = server.Api;
            var kind = api.Definition.Kind == ApiKind.Rest ? "REST API" : "HTTP API";
            text.AppendLine($"{kind} {api.Definition.LogicalId}: {server.BaseUri}  (apiId {api.ApiId}, stage {api.Stage})");
            text.AppendLine($"  methodArn: arn:aws:execute-api:{IntrinsicResolver.Region}:{IntrinsicResolver.AccountId}:{api.ApiId}/{api.Stage}/<METHOD>/<path>");
            foreach (var route in api.Definition.Routes)
            {
                var auth = route.AuthorizerName is null ? "no authorizer" : $"authorizer {route.AuthorizerName}";
                text.AppendLine($"  {route.Method,-6} {route.Path,-28} -> {route.FunctionLogicalId} ({auth})");
            }

            text.AppendLine();
        }

        var rest = runner.Gateway.Servers.FirstOrDefault(s => s.Api.Definition.Kind == ApiKind.Rest);
        var baseUrl = (rest ?? runner.Gateway.Servers[0]).BaseUri.ToString().TrimEnd('/');
        if (ConsoleRoutes.ConsoleApi(runner.Template) is { } consoleApi)
        {
            var consoleServer = runner.Gateway.Servers.First(s => s.Api.Definition.LogicalId == consoleApi.LogicalId);
            text.AppendLine($"Web console: {consoleServer.BaseUri}console/  (sign in with the admin AppKey and AppSecret)");
            text.AppendLine();
        }

        if (runner.Credentials.Count == 0)
        {
            text.AppendLine($"Reusing the store in {runner.StateDirectory}; the credentials were printed when it was first seeded.");
            text.AppendLine($"To start over: stop the server and delete {runner.StateDirectory}, or pass --seed FILE.");
            text.AppendLine();
            AppendDemoJwt(text, runner);
            return text.ToString();
        }

        foreach (var app in runner.Credentials)
        {
            text.AppendLine($"{(app.Role == "admin" ? "Admin" : "App")} '{app.Name}' (shown once; keep it):");
            text.AppendLine($"  AppKey:    {app.AppKey}");
            text.AppendLine($"  AppSecret: {app.AppSecret}");
            if (app.AppCode is not null)
            {
                text.AppendLine($"  AppCode:   {app.AppCode}");
            }

            if (app.Role == "admin")
            {
                text.AppendLine("  Management API:");
                text.AppendLine($"    curl -s -u '{app.AppKey}:{app.AppSecret}' {baseUrl}/v1/apps");
                text.AppendLine($"    curl -si -X POST -H 'Content-Type: application/json' -d '{{\"appKey\":\"{app.AppKey}\",\"appSecret\":\"{app.AppSecret}\"}}' {baseUrl}/v1/tokens");
            }
            else
            {
                var url = $"{baseUrl}/echo/hello";
                if (app.AppCode is not null)
                {
                    text.AppendLine("  appcode:");
                    text.AppendLine($"    curl -s -H 'Authorization: APPCODE {app.AppCode}' {url}");
                }

                text.AppendLine("  app-basic:");
                text.AppendLine($"    curl -s -u '{app.AppKey}:{app.AppSecret}' {url}");
                text.AppendLine("  app-secret:");
                text.AppendLine($"    curl -s -H 'X-HW-ID: {app.AppKey}' -H 'X-HW-AppKey: {app.AppSecret}' {url}");
                text.AppendLine("  signature-ca / signature-sdk (signed for the current time; prints a curl command):");
                text.AppendLine($"    {Run} sign --scheme signature-ca --key {app.AppKey} --secret '{app.AppSecret}' GET {url} --curl");
                text.AppendLine($"    {Run} sign --scheme signature-sdk --key {app.AppKey} --secret '{app.AppSecret}' GET {url} --curl");
                AppendBodySignatures(text, runner, app);
            }

            text.AppendLine();
        }

        AppendDemoJwt(text, runner);
        text.AppendLine(runner.StorePersists
            ? $"The store persists in {runner.StateDirectory}; delete that folder to start over."
            : "The store is in memory: its apps are gone when the server stops.");
        return text.ToString();
    }

    /// <summary>
    /// The demo identity provider: where its keys are served, which API takes its tokens, and a mint command with a
    /// curl that sends its token. The key file is named only when it is not where <c>jwt</c> looks by default.
    /// </summary>
    private static void AppendDemoJwt(StringBuilder text, LocalRunner runner)
    {
        var server = runner.Gateway.Servers.FirstOrDefault(s => s.Api.ApiId == runner.DemoJwtApi);
        if (server is null)
        {
            return;
        }

        var provider = runner.IdentityProvider;
        var keyFile = Path.GetFullPath(provider.KeyFile) == Path.GetFullPath(JwtCommand.DefaultKeyFile)
            ? string.Empty
            : " --key-file " + SignCommand.Quote(provider.KeyFile);
        var url = $"{server.BaseUri.ToString().TrimEnd('/')}/echo/hello";
        text.AppendLine("Demo identity provider (JWT plug-in):");
        if (runner.Gateway.Servers.Select(s => s.JwksUri).FirstOrDefault(u => u is not null) is { } jwks)
        {
            text.AppendLine($"  JWKS:   {jwks}  (key {provider.KeyFile}, kid {provider.Kid})");
        }

        text.AppendLine($"  issuer: {DemoIdentityProvider.Issuer}  audience: {DemoIdentityProvider.Audience}  claims to context: {string.Join(", ", DemoIdentityProvider.ClaimsToContext)}");
        text.AppendLine($"  API {server.Api.ApiId} takes its tokens in Authorization: Bearer (mode app_or_jwt; our own tokens go in X-Auth-Token there);");
        text.AppendLine($"  callers act as app '{DemoIdentityProvider.AppName}', authorized for ANY /echo/* on {server.Api.ApiId}.");
        text.AppendLine("  mint a token (prints a curl command), or send one straight away:");
        text.AppendLine($"    {Run} jwt --sub alice --claim scope=orders:read{keyFile} --curl {url}");
        text.AppendLine($"    curl -s -H \"Authorization: Bearer $({Run} jwt --sub alice{keyFile})\" {url}");
        text.AppendLine();
    }

    /// <summary>
    /// Signatures over a body on an API with <c>bodySignatures: backend</c>: the authorizer defers them and the
    /// sample function completes them with Authorizer.Backend.
    /// </summary>
    private static void AppendBodySignatures(StringBuilder text, LocalRunner runner, StartCredentials app)
    {
        var server = runner.Gateway.Servers.FirstOrDefault(s => runner.BodySignatureApis.Contains(s.Api.ApiId, StringComparer.Ordinal));
        if (server is null)
        {
            return;
        }

        var url = $"{server.BaseUri.ToString().TrimEnd('/')}/echo/orders";
        text.AppendLine($"  signed bodies (API {server.Api.ApiId} has bodySignatures: backend; the sample function verifies the body):");
        text.AppendLine($"    {Run} sign --scheme signature-sdk --key {app.AppKey} --secret '{app.AppSecret}' POST {url} -H 'Content-Type: application/json' -d '{{\"id\":1}}' --sdk-body-in-signature --curl");
        text.AppendLine($"    {Run} sign --scheme signature-ca --key {app.AppKey} --secret '{app.AppSecret}' POST {url} -H 'Content-Type: application/x-www-form-urlencoded' -d 'item=book&qty=2' --curl");
    }
}
