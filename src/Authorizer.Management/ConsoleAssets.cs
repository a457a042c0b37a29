using System.Collections.Frozen;
using System.Reflection;

namespace Authorizer.Management;

/// <summary>
/// The web console (<c>/console/</c>): three static files embedded in this assembly, served without credentials
/// (they hold no data; every action the page takes is a management API call that carries the admin's credentials).
/// The policy allows only these files and same-origin API calls: no inline script or style, no framing.
/// </summary>
internal static class ConsoleAssets
{
    public const string Prefix = "/console";

    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        + "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private static readonly FrozenDictionary<string, (string ContentType, string Body)> Files = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["/console/"] = ("text/html; charset=utf-8", Read("index.html")),
        ["/console/index.html"] = ("text/html; charset=utf-8", Read("index.html")),
        ["/console/console.js"] = ("text/javascript; charset=utf-8", Read("console.js")),
        ["/console/console.css"] = ("text/css; charset=utf-8", Read("console.css")),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool Owns(string path) =>
        path == Prefix || path.StartsWith(Prefix + "/", StringComparison.Ordinal);

    public static ManagementResponse Serve(string method, string path)
    {
        if (method is not ("GET" or "HEAD"))
        {
            return Problems.MethodNotAllowed(["GET", "HEAD"]);
        }

        // The page's links are relative, so it must be read from ".../console/" (the base keeps a deployed stage).
        if (path == Prefix)
        {
            var headers = Headers("text/plain; charset=utf-8");
            headers["Location"] = "console/";
            return new ManagementResponse(301, headers, string.Empty);
        }

        if (!Files.TryGetValue(path, out var file))
        {
            return Problems.NotFound("The console file");
        }

        return new ManagementResponse(200, Headers(file.ContentType), method == "HEAD" ? string.Empty : file.Body);
    }

    private static Dictionary<string, string> Headers(string contentType) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Content-Type"] = contentType,
        ["Content-Security-Policy"] = ContentSecurityPolicy,
        ["X-Content-Type-Options"] = "nosniff",
        ["Referrer-Policy"] = "no-referrer",
        ["Cache-Control"] = "no-cache",
    };

    private static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Console." + name)
            ?? throw new InvalidOperationException($"The console file {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
