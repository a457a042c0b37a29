using System.Collections.Frozen;
using System.Text.Json;

namespace Authorizer.Functions.Events.Parsing;

/// <summary>
/// Shared instances for the header names and methods nearly every event carries, so reading them costs no
/// string. Lookup is exact (ordinal): a name in another case is read as sent.
/// </summary>
internal static class KnownStrings
{
    private const int MaxKnownLength = 64;

    private static readonly string[] CommonHeaderNames =
    [
        "Accept", "Accept-Encoding", "Accept-Language", "Authorization", "Cache-Control", "CloudFront-Forwarded-Proto",
        "CloudFront-Is-Desktop-Viewer", "CloudFront-Is-Mobile-Viewer", "CloudFront-Is-SmartTV-Viewer",
        "CloudFront-Is-Tablet-Viewer", "CloudFront-Viewer-ASN", "CloudFront-Viewer-Country", "Connection",
        "Content-Length", "Content-MD5", "Content-Type", "Cookie", "Date", "Host", "Origin", "Postman-Token",
        "Referer", "User-Agent", "Via", "X-Amz-Cf-Id", "X-Amz-Date", "X-Amzn-Trace-Id", "X-Apig-AppCode",
        "X-Ca-Key", "X-Ca-Nonce", "X-Ca-Signature", "X-Ca-Signature-Headers", "X-Ca-Signature-Method",
        "X-Ca-Stage", "X-Ca-Timestamp", "X-Forwarded-For", "X-Forwarded-Port", "X-Forwarded-Proto",
        "X-Sdk-Content-Sha256", "X-Sdk-Date",
    ];

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> HeaderNames = BuildHeaderNames();

    public static string HeaderName(ReadOnlySpan<char> name) =>
        HeaderNames.TryGetValue(name, out var known) ? known : new string(name);

    /// <summary>Reads the current property name: a shared instance when it is a common header name.</summary>
    public static string CurrentHeaderName(ref Utf8JsonReader reader)
    {
        if (reader.ValueSpan.Length > MaxKnownLength)
        {
            return reader.GetString()!;
        }

        Span<char> chars = stackalloc char[MaxKnownLength];
        var written = reader.CopyString(chars);
        return HeaderName(chars[..written]);
    }

    /// <summary>The current string (or null) as a method: a shared instance for the standard methods.</summary>
    public static string? CurrentMethod(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            foreach (var method in Methods)
            {
                if (reader.ValueTextEquals(method))
                {
                    return method;
                }
            }
        }

        return JsonChecks.CurrentString(ref reader);
    }

    public static string? ReadMethod(ref Utf8JsonReader reader)
    {
        reader.Read();
        return CurrentMethod(ref reader);
    }

    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY", "get", "post", "put", "delete", "patch", "head", "options"];

    private static FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> BuildHeaderNames()
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in CommonHeaderNames)
        {
            names[name] = name;
            var lower = name.ToLowerInvariant();
            names[lower] = lower;
        }

        return names.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }
}
