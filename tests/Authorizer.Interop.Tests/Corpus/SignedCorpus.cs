using System.Text.Json;

namespace Authorizer.Interop.Tests.Corpus;

/// <summary>The cases the node script printed, and the credentials they were signed with.</summary>
public sealed class SignedCorpus
{
    private readonly Dictionary<string, SignedCase> _byName;

    private SignedCorpus(string appKey, string nodeVersion, IReadOnlyList<SignedCase> cases)
    {
        AppKey = appKey;
        NodeVersion = nodeVersion;
        Cases = cases;
        _byName = cases.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    public string AppKey { get; }
    public string NodeVersion { get; }
    public IReadOnlyList<SignedCase> Cases { get; }

    public SignedCase this[string name] =>
        _byName.TryGetValue(name, out var found)
            ? found
            : throw new KeyNotFoundException($"the node script produced no case named {name}");

    public static SignedCorpus Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var cases = new List<SignedCase>();
        foreach (var item in root.GetProperty("cases").EnumerateArray())
        {
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var pair in item.GetProperty("headers").EnumerateArray())
            {
                headers.Add(new KeyValuePair<string, string>(pair[0].GetString()!, pair[1].GetString()!));
            }

            cases.Add(new SignedCase
            {
                Name = item.GetProperty("name").GetString()!,
                Sdk = item.GetProperty("sdk").GetString()!,
                ExpectedVerdict = item.GetProperty("expectedVerdict").GetString()!,
                ExpectedCode = item.GetProperty("expectedCode").GetString(),
                Note = item.GetProperty("note").GetString(),
                Method = item.GetProperty("method").GetString()!,
                RawUrl = item.GetProperty("rawUrl").GetString()!,
                Headers = headers,
                Body = item.GetProperty("body").GetString(),
                SdkStringToSign = item.GetProperty("sdkStringToSign").GetString(),
            });
        }

        return new SignedCorpus(root.GetProperty("appKey").GetString()!, root.GetProperty("node").GetString()!, cases);
    }
}
