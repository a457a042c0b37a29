using System.Text.Json;

namespace Authorizer.Interop.Tests.Harness;

public enum VerdictKind
{
    Allow,
    Deny,

    /// <summary>REST: the invocation failed with <c>Unauthorized</c> (401).</summary>
    Unauthorized,
}

/// <summary>What the authorizer function answered, read back from its JSON output.</summary>
public sealed record Verdict(VerdictKind Kind, string? ErrorCode, string? ErrorMessage, string? AppKey, string Raw)
{
    public static Verdict FromIamPolicy(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var effects = root.GetProperty("policyDocument").GetProperty("Statement").EnumerateArray()
            .Select(s => s.GetProperty("Effect").GetString())
            .ToList();
        var kind = effects.Count > 0 && effects.All(e => e == "Allow") ? VerdictKind.Allow : VerdictKind.Deny;
        return FromContext(kind, root, json);
    }

    public static Verdict FromSimpleResponse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var kind = root.GetProperty("isAuthorized").GetBoolean() ? VerdictKind.Allow : VerdictKind.Deny;
        return FromContext(kind, root, json);
    }

    public override string ToString() =>
        Kind == VerdictKind.Allow ? "Allow" : $"{Kind} {ErrorCode}: {ErrorMessage}";

    private static Verdict FromContext(VerdictKind kind, JsonElement root, string json)
    {
        string? Read(string key) =>
            root.TryGetProperty("context", out var context) && context.ValueKind == JsonValueKind.Object
            && context.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;

        return new Verdict(kind, Read("errorCode"), Read("errorMessage"), Read("appKey"), json);
    }
}
