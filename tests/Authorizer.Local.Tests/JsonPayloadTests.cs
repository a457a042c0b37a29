using System.Text;
using System.Text.Json.Nodes;
using Authorizer.Local.Gateway;

namespace Authorizer.Local.Tests;

public sealed class JsonPayloadTests
{
    [Fact]
    public void The_payload_bytes_are_the_utf8_of_the_json_string_escapes_included()
    {
        var node = new JsonObject
        {
            ["path"] = "/caf\u00e9/<script>&'\"",
            ["headers"] = new JsonObject { ["x-emoji"] = "\U0001F600", ["x-control"] = "a\u0001b\tc" },
            ["list"] = new JsonArray(1, 2.5, true, null, "\u2028"),
            ["empty"] = new JsonObject(),
        };

        Assert.Equal(Encoding.UTF8.GetBytes(node.ToJsonString()), JsonPayload.ToUtf8(node));
    }

    [Fact]
    public void A_payload_longer_than_the_first_buffer_is_written_whole()
    {
        var node = new JsonObject { ["body"] = new string('x', 100_000) };

        Assert.Equal(Encoding.UTF8.GetBytes(node.ToJsonString()), JsonPayload.ToUtf8(node));
    }
}
