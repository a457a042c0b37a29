using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Authorizer.Local.Gateway;

/// <summary>The payload bytes a function is invoked with.</summary>
internal static class JsonPayload
{
    /// <summary>
    /// The node written straight to UTF-8, the same text as <c>ToJsonString()</c> (same default writer options) without
    /// the UTF-16 string in between and its transcoding: every signed request builds one authorizer event.
    /// </summary>
    public static byte[] ToUtf8(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            node.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
