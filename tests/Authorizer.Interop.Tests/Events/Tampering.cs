using System.Globalization;
using Authorizer.Core.Decisions;
using Authorizer.Interop.Tests.Corpus;

namespace Authorizer.Interop.Tests.Events;

/// <summary>One alteration of a signed request and the Deny code it must earn.</summary>
public sealed record Tamper(string Description, WireRequest Request, TimeSpan ClockShift, string ExpectedCode)
{
    public override string ToString() => Description;
}

/// <summary>
/// Every way an attacker could change a signed request without the secret: the method, the path, each query
/// value, each signed header value, and the time it is presented at. Each change keeps the value's shape
/// (a digit stays a digit, a UUID stays a UUID) so that only the signature, not a format check, can catch it.
/// </summary>
public static class Tampering
{
    public static readonly TimeSpan BeyondWindow = TimeSpan.FromMinutes(16);

    public static IReadOnlyList<Tamper> For(SignedCase signedCase)
    {
        ArgumentNullException.ThrowIfNull(signedCase);
        var original = WireRequest.From(signedCase);
        var tampers = new List<Tamper>
        {
            new($"method {original.Method} -> {OtherMethod(original.Method)}", original with { Method = OtherMethod(original.Method) }, TimeSpan.Zero, ErrorCodes.InvalidSignature),
            new($"path {original.RawPath} -> {original.RawPath}x", original with { RawPath = original.RawPath + "x" }, TimeSpan.Zero, ErrorCodes.InvalidSignature),
            new($"presented {BeyondWindow} after signing", original, BeyondWindow, ErrorCodes.TimestampExpired),
            new($"presented {BeyondWindow} before signing", original, -BeyondWindow, ErrorCodes.TimestampExpired),
        };

        for (var i = 0; i < original.Query.Count; i++)
        {
            var (name, value) = original.Query[i];
            var changed = Alter(value);
            tampers.Add(new($"query #{i} {name}={value} -> {changed}", original.WithQueryValue(i, changed), TimeSpan.Zero, ErrorCodes.InvalidSignature));
        }

        foreach (var name in SignedHeaderNames(signedCase))
        {
            var value = original.Header(name)
                ?? throw new InvalidOperationException($"{signedCase.Name}: signedCase header {name} was not sent");
            var changed = AlterHeader(name, value);
            var expected = string.Equals(name, "x-ca-key", StringComparison.OrdinalIgnoreCase)
                ? ErrorCodes.UnknownApp
                : ErrorCodes.InvalidSignature;
            tampers.Add(new($"header {name}: {value} -> {changed}", original.WithHeader(name, changed), TimeSpan.Zero, expected));
        }

        return tampers;
    }

    /// <summary>
    /// The header values the signature covers. Alibaba: Accept, Content-MD5, Content-Type and Date when sent
    /// (always in the StringToSign) plus <c>X-Ca-Signature-Headers</c>; Huawei: <c>SignedHeaders</c>.
    /// </summary>
    public static IReadOnlyList<string> SignedHeaderNames(SignedCase signedCase)
    {
        ArgumentNullException.ThrowIfNull(signedCase);
        if (signedCase.IsAliyun)
        {
            var names = new List<string>();
            foreach (var fixedName in new[] { "accept", "content-md5", "content-type", "date" })
            {
                if (signedCase.Header(fixedName) is not null)
                {
                    names.Add(fixedName);
                }
            }

            names.AddRange((signedCase.Header("X-Ca-Signature-Headers") ?? string.Empty)
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            return names;
        }

        var authorization = signedCase.Header("Authorization") ?? string.Empty;
        const string marker = "SignedHeaders=";
        var start = authorization.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return [];
        }

        start += marker.Length;
        var end = authorization.IndexOf(',', start);
        return authorization[start..(end < 0 ? authorization.Length : end)].Split(';', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>A header that no signature covers: changing it must not matter.</summary>
    public static string UnsignedHeaderName => "User-Agent";

    private static string OtherMethod(string method) => method switch
    {
        "GET" => "POST",
        "POST" => "PUT",
        "PUT" => "POST",
        _ => "GET",
    };

    private static string AlterHeader(string name, string value)
    {
        if (string.Equals(name, "x-ca-timestamp", StringComparison.OrdinalIgnoreCase))
        {
            // One second later: still inside the window, so only the signature can object.
            return (long.Parse(value, CultureInfo.InvariantCulture) + 1000).ToString(CultureInfo.InvariantCulture);
        }

        if (string.Equals(name, "x-sdk-date", StringComparison.OrdinalIgnoreCase))
        {
            var date = DateTimeOffset.ParseExact(value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            return date.AddSeconds(1).UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        }

        if (string.Equals(name, "x-sdk-content-sha256", StringComparison.OrdinalIgnoreCase))
        {
            // Another well-formed payload hash: UNSIGNED-PAYLOAD becomes the empty body's, a digest changes a digit.
            return value == "UNSIGNED-PAYLOAD"
                ? "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
                : value[..^1] + (value[^1] == '0' ? '1' : '0');
        }

        return Alter(value);
    }

    /// <summary>Changes the last letter or digit to its neighbour (9 -> 0, z -> a, Z -> A); otherwise appends one.</summary>
    public static string Alter(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        for (var i = value.Length - 1; i >= 0; i--)
        {
            var c = value[i];
            var replacement = c switch
            {
                >= '0' and < '9' or >= 'a' and < 'z' or >= 'A' and < 'Z' => (char)(c + 1),
                '9' => '0',
                'z' => 'a',
                'Z' => 'A',
                _ => '\0',
            };
            if (replacement != '\0')
            {
                return string.Concat(value.AsSpan(0, i), replacement.ToString(), value.AsSpan(i + 1));
            }
        }

        return value + "x";
    }
}
