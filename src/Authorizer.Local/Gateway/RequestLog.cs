using System.Text.Json.Nodes;

namespace Authorizer.Local.Gateway;

/// <summary>One JSON line per request on the given writer (stderr by default): never headers or bodies.</summary>
internal sealed class RequestLog(TextWriter writer, TimeProvider time)
{
    private static readonly System.Text.Json.JsonSerializerOptions Options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly Lock _lock = new();

    public void Request(string apiId, string method, string target, int status, string authorizer, TimeSpan elapsed)
    {
        var pathOnly = target.Split('?')[0];
        var line = new JsonObject
        {
            ["time"] = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["apiId"] = apiId,
            ["method"] = method,
            ["path"] = pathOnly,
            ["status"] = status,
            ["authorizer"] = authorizer,
            ["ms"] = Math.Round(elapsed.TotalMilliseconds, 1),
        }.ToJsonString(Options);
        lock (_lock)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }
}
