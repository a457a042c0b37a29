using System.Buffers;
using System.Text;
using System.Text.Json;
using Authorizer.Core.Metrics;

namespace Authorizer.Core.Tests.Metrics;

internal static class EmfLines
{
    public static List<JsonElement> Drain(AuthorizerMetrics metrics, DateTimeOffset at)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var count = metrics.Drain(buffer, at);
        var lines = Parse(buffer.WrittenSpan.ToArray());
        Assert.Equal(count, lines.Count);
        return lines;
    }

    public static List<JsonElement> Parse(byte[] utf8)
    {
        var text = Encoding.UTF8.GetString(utf8);
        Assert.True(text.Length == 0 || text.EndsWith('\n'), "every EMF line ends with a newline");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();
    }

    public static JsonElement Directive(JsonElement line) => line.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];

    public static string[][] DimensionSets(JsonElement line) =>
        Directive(line).GetProperty("Dimensions").EnumerateArray()
            .Select(set => set.EnumerateArray().Select(d => d.GetString()!).ToArray())
            .ToArray();

    public static string[] MetricNames(JsonElement line) =>
        Directive(line).GetProperty("Metrics").EnumerateArray().Select(m => m.GetProperty("Name").GetString()!).ToArray();
}
