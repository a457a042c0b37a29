using System.Globalization;

namespace Authorizer.Interop.Tests.Corpus;

/// <summary>One request as an official SDK put it on the wire (captured by the node script).</summary>
public sealed record SignedCase
{
    public const string Accept = "accept";
    public const string Reject = "reject";
    public const string AliyunSdk = "aliyun-api-gateway";
    public const string HuaweiSdk = "@huaweicloud/huaweicloud-sdk-core";

    public required string Name { get; init; }
    public required string Sdk { get; init; }
    public required string ExpectedVerdict { get; init; }

    /// <summary>The Deny code a rejected case must carry.</summary>
    public string? ExpectedCode { get; init; }
    public string? Note { get; init; }
    public required string Method { get; init; }

    /// <summary>Path and raw query exactly as sent, e.g. <c>/echo/%E5%8C%97?q=a%20b</c>.</summary>
    public required string RawUrl { get; init; }

    /// <summary>Header lines in the order sent, names as sent.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }
    public string? Body { get; init; }

    /// <summary>The Alibaba StringToSign or Huawei CanonicalRequest the SDK signed, for failure messages.</summary>
    public string? SdkStringToSign { get; init; }

    public bool IsAliyun => Sdk == AliyunSdk;
    public bool ExpectsAccept => ExpectedVerdict == Accept;

    public string RawPath => RawUrl.Split('?', 2)[0];

    /// <summary>The raw query string without <c>?</c>; empty when there is none.</summary>
    public string RawQuery => RawUrl.Split('?', 2) is [_, var query] ? query : string.Empty;

    public string? Header(string name)
    {
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The instant the SDK signed at, read from <c>X-Ca-Timestamp</c> or <c>X-Sdk-Date</c>.</summary>
    public DateTimeOffset SignedAt()
    {
        if (Header("X-Ca-Timestamp") is { } millis)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(millis, CultureInfo.InvariantCulture));
        }

        if (Header("X-Sdk-Date") is { } date)
        {
            return DateTimeOffset.ParseExact(
                date, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        }

        throw new InvalidOperationException($"{Name}: neither X-Ca-Timestamp nor X-Sdk-Date was sent");
    }

    public string Describe() =>
        $"{Name} ({Sdk}) {Method} {RawUrl}\n  headers: {string.Join(" | ", Headers.Select(h => $"{h.Key}: {h.Value}"))}"
        + $"\n  SDK signed: {SdkStringToSign?.Replace("\n", "\\n", StringComparison.Ordinal)}"
        + (Note is null ? string.Empty : $"\n  note: {Note}");

    public override string ToString() => Name;
}
