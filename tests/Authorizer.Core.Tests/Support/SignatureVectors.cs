using System.Text.Json;

namespace Authorizer.Core.Tests.Support;

/// <summary>The cases of <c>tests/fixtures/vectors/signatures.json</c> (see tests/fixtures/SOURCES.md).</summary>
internal static class SignatureVectors
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(TestFiles.SignatureVectorsPath)));

    public static JsonElement Root => Document.Value.RootElement;

    public static string AppKey => Root.GetProperty("appKey").GetString()!;

    public static string AppSecret => Root.GetProperty("appSecret").GetString()!;

    public static JsonElement Ca(string name) => Find("signatureCa", name);

    public static JsonElement Sdk(string name) => Find("signatureSdk", name);

    public static TheoryData<string> CaNames() => Names("signatureCa");

    public static TheoryData<string> SdkNames() => Names("signatureSdk");

    public static List<KeyValuePair<string, string>> Headers(JsonElement vector) =>
        vector.GetProperty("headers").EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!)).ToList();

    /// <summary>The <c>query</c> object of an SDK vector, arrays expanded into repeats.</summary>
    public static List<KeyValuePair<string, string>> Query(JsonElement vector)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (!vector.TryGetProperty("query", out var query))
        {
            return result;
        }

        foreach (var property in query.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Array)
            {
                result.AddRange(property.Value.EnumerateArray().Select(v => new KeyValuePair<string, string>(property.Name, v.GetString()!)));
            }
            else
            {
                result.Add(new KeyValuePair<string, string>(property.Name, property.Value.GetString()!));
            }
        }

        return result;
    }

    private static JsonElement Find(string group, string name) =>
        Root.GetProperty(group).EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);

    private static TheoryData<string> Names(string group)
    {
        var data = new TheoryData<string>();
        foreach (var vector in Root.GetProperty(group).EnumerateArray())
        {
            data.Add(vector.GetProperty("name").GetString()!);
        }

        return data;
    }
}
