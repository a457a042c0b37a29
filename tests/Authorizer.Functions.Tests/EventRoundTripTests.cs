using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Authorizer.Functions.Events;

namespace Authorizer.Functions.Tests;

public sealed class EventRoundTripTests
{
    public static TheoryData<string> SampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in TestFiles.AwsEventFiles())
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void Every_sample_file_has_a_contract()
    {
        foreach (var file in TestFiles.AwsEventFiles())
        {
            Assert.NotNull(ContractFor(Path.GetFileName(file)));
        }
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Sample_survives_deserialize_then_serialize(string fileName)
    {
        var json = File.ReadAllBytes(TestFiles.AwsEvent(fileName));
        var roundTripped = ContractFor(fileName)!(json);

        var expected = WithoutNulls(JsonNode.Parse(json));
        var actual = WithoutNulls(JsonNode.Parse(roundTripped));
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{fileName} changed:\n{actual?.ToJsonString()}");
    }

    private static Func<byte[], string>? ContractFor(string fileName) => fileName switch
    {
        "rest-request-authorizer.sam.json" => json => RoundTrip(json, FunctionsJsonContext.Default.RestRequestAuthorizerEvent),
        "rest-token-authorizer.sam.json" => json => RoundTrip(json, FunctionsJsonContext.Default.RestTokenAuthorizerEvent),
        "http-api-v2-request-authorizer.json" => json => RoundTrip(json, FunctionsJsonContext.Default.HttpApiAuthorizerEvent),
        "authorizer-iam-policy-response.json" => json => RoundTrip(json, FunctionsJsonContext.Default.IamPolicyResponse),
        "http-api-v2-simple-response.json" => json => RoundTrip(json, FunctionsJsonContext.Default.HttpApiSimpleResponse),
        "rest-proxy-request.json" => json => RoundTrip(json, FunctionsJsonContext.Default.RestProxyRequest),
        _ => null,
    };

    private static string RoundTrip<T>(byte[] json, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        var value = EventReader.Deserialize(json, typeInfo);
        return JsonSerializer.Serialize(value, typeInfo);
    }

    /// <summary>The contracts omit null members when writing; a null in a sample carries no information.</summary>
    private static JsonNode? WithoutNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var property in obj.ToList())
                {
                    if (property.Value is null)
                    {
                        obj.Remove(property.Key);
                    }
                    else
                    {
                        WithoutNulls(property.Value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    WithoutNulls(item);
                }

                break;
        }

        return node;
    }
}
