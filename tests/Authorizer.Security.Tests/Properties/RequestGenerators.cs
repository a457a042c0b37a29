using Authorizer.Core.Model;
using FsCheck;
using FsCheck.Fluent;

namespace Authorizer.Security.Tests.Properties;

/// <summary>A random request before signing: wire path, decoded query, plain headers, and the scheme to sign with.</summary>
internal sealed record GeneratedRequest(
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string Scheme,
    bool SignTenant)
{
    public override string ToString() =>
        $"{Scheme} {Method} {Path} ?{string.Join('&', Query.Select(q => q.Key + "=" + q.Value))} [{string.Join("; ", Headers.Select(h => h.Key + ": " + h.Value))}] signTenant={SignTenant}";
}

internal static class RequestGenerators
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

    // Wire-form path pieces: unreserved characters, sub-delimiters and well-formed escapes (UTF-8, %25, space).
    private static readonly string[] PathTokens =
    [
        "a", "b", "z", "Q", "0", "9", "-", "_", "~", ".", "%20", "%E5%8C%97", "%C3%AB", "%25", "%3A", "%7E",
        "!", "$", "'", "(", ")", "*", "+", ",", ";", "=", ":", "@",
    ];

    private static readonly string[] NameChars = ["a", "b", "c", "A", "Z", "_", "-", "1", "x"];

    private static readonly string[] ValueChars =
    [
        "a", "b", "Z", "0", " ", "+", "=", "&", "/", "?", "#", "%", "ë", "北", "~", ".", "*", "'", "é", "😀",
    ];

    private static readonly string[] HeaderValueChars = ["a", "b", "Z", "0", "-", "/", ";", "=", ",", " ", "."];

    public static Gen<string> Method { get; } = Gen.Elements(Methods);

    public static Gen<string> Segment { get; } =
        Gen.Choose(1, 6).SelectMany(n => Gen.ArrayOf(Gen.Elements(PathTokens), n))
            .Select(parts => string.Concat(parts))
            .Where(s => !IsDotSegment(s));

    /// <summary>What hygiene refuses as a dot segment: <c>.</c> or <c>..</c>, also before a <c>;</c> path parameter.</summary>
    private static bool IsDotSegment(string segment)
    {
        var semicolon = segment.IndexOf(';', StringComparison.Ordinal);
        var beforeParameter = semicolon < 0 ? segment : segment[..semicolon];
        return beforeParameter is "." or "..";
    }

    public static Gen<string> Path { get; } =
        from count in Gen.Choose(0, 4)
        from segments in Gen.ArrayOf(Segment, count)
        from trailing in Gen.Elements(false, false, false, true)
        select "/" + string.Join('/', segments) + (trailing && count > 0 ? "/" : string.Empty);

    public static Gen<string> Name { get; } =
        Gen.Choose(1, 6).SelectMany(n => Gen.ArrayOf(Gen.Elements(NameChars), n)).Select(p => string.Concat(p))
            .Where(n => !n.Equals("appcode", StringComparison.OrdinalIgnoreCase));

    public static Gen<string> Value { get; } =
        Gen.Choose(0, 8).SelectMany(n => Gen.ArrayOf(Gen.Elements(ValueChars), n)).Select(p => string.Concat(p));

    public static Gen<string> HeaderValue { get; } =
        Gen.Choose(1, 12).SelectMany(n => Gen.ArrayOf(Gen.Elements(HeaderValueChars), n))
            .Select(p => string.Concat(p).Trim())
            .Where(v => v.Length > 0);

    public static Gen<List<KeyValuePair<string, string>>> Query { get; } =
        from count in Gen.Choose(0, 5)
        from names in Gen.ArrayOf(Name, count)
        from values in Gen.ArrayOf(Value, count)
        select names.Zip(values, (n, v) => new KeyValuePair<string, string>(n, v)).ToList();

    public static Gen<string> Scheme { get; } =
        Gen.Frequency(
            (4, Gen.Constant(SchemeIds.SignatureCa)),
            (4, Gen.Constant(SchemeIds.SignatureSdk)),
            (1, Gen.Constant(SchemeIds.AppCode)),
            (1, Gen.Constant(SchemeIds.AppBasic)),
            (1, Gen.Constant(SchemeIds.AppSecret)));

    public static Gen<GeneratedRequest> Request { get; } =
        from method in Method
        from path in Path
        from query in Query
        from accept in Gen.Elements("application/json", "*/*", "text/plain; charset=utf-8", string.Empty)
        from contentType in Gen.Elements("application/json", "text/plain", string.Empty)
        from tenant in HeaderValue
        from signTenant in Gen.Elements(true, false)
        from host in Gen.Elements("api.example.com", "127.0.0.1:3000", "abc.execute-api.us-east-1.amazonaws.com")
        from scheme in Scheme
        select new GeneratedRequest(method, path, query, Headers(host, accept, contentType, tenant), scheme, signTenant);

    private static List<KeyValuePair<string, string>> Headers(string host, string accept, string contentType, string tenant)
    {
        var headers = new List<KeyValuePair<string, string>> { new("Host", host), new("X-Tenant", tenant) };
        if (accept.Length > 0)
        {
            headers.Add(new("Accept", accept));
        }

        if (contentType.Length > 0)
        {
            headers.Add(new("Content-Type", contentType));
        }

        return headers;
    }
}
