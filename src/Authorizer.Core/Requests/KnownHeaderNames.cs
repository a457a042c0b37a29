using System.Collections.Frozen;
using System.Text;

namespace Authorizer.Core.Requests;

/// <summary>
/// Shared string instances for the header names nearly every request carries, as sent and lower-cased, so
/// reading an event's header names or a signed-header list costs no string for them.
/// </summary>
public static class KnownHeaderNames
{
    private static readonly string[] Common =
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

    // Exact spelling → instance: each common name as listed and in lower case.
    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Exact =
        Common.Concat(Common.Select(n => n.ToLowerInvariant()))
            .ToFrozenDictionary(n => n, n => n, StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();

    // Any ASCII casing → the lower-case instance.
    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lower =
        Common.ToFrozenDictionary(n => n, n => n.ToLowerInvariant(), StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary><paramref name="name"/> as a string: the shared instance when it is a common name spelled exactly so.</summary>
    public static string AsSent(ReadOnlySpan<char> name) =>
        Exact.TryGetValue(name, out var known) ? known : new string(name);

    /// <summary><paramref name="name"/> as <see cref="string.ToLowerInvariant()"/> would return it, shared when it is a common name.</summary>
    public static string LowerInvariant(ReadOnlySpan<char> name)
    {
        // Only ASCII names go to the table: ordinal-ignore-case folds some non-ASCII letters onto ASCII ones
        // (dotless ı onto I), which ToLowerInvariant does not.
        if (!Ascii.IsValid(name))
        {
            return name.ToString().ToLowerInvariant();
        }

        return Lower.TryGetValue(name, out var known)
            ? known
            : string.Create(name.Length, name, static (destination, source) => Ascii.ToLower(source, destination, out _));
    }
}
