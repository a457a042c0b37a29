using System.Text;
using System.Text.Json.Nodes;

namespace Authorizer.Functions.Tests;

/// <summary>Events built from the shared samples, edited per test.</summary>
internal static class TestEvents
{
    public const string MethodArn = "arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/request";

    public static JsonObject Sample(string fileName) =>
        JsonNode.Parse(File.ReadAllText(TestFiles.AwsEvent(fileName)))!.AsObject();

    public static JsonObject RestRequest() => Sample("rest-request-authorizer.sam.json");

    public static JsonObject RestToken() => Sample("rest-token-authorizer.sam.json");

    public static JsonObject HttpApi() => Sample("http-api-v2-request-authorizer.json");

    public static JsonObject ProxyRequest() => Sample("rest-proxy-request.json");

    public static MemoryStream ToStream(JsonNode node) => new(Encoding.UTF8.GetBytes(node.ToJsonString()));

    public static MemoryStream ToStream(string json) => new(Encoding.UTF8.GetBytes(json));

    public static JsonNode Read(Stream stream)
    {
        using var reader = new StreamReader(stream);
        return JsonNode.Parse(reader.ReadToEnd())!;
    }
}
