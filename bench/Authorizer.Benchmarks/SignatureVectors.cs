using System.Text.Json;
using Authorizer.Core.Requests;

namespace Authorizer.Benchmarks;

/// <summary>The accept-verdict requests of <c>tests/fixtures/vectors/signatures.json</c>, as the authorizer receives them.</summary>
internal sealed class SignatureVectors
{
    public const string ApiId = "vectors";
    public const string Stage = "RELEASE";

    public required string AppKey { get; init; }
    public required string AppSecret { get; init; }
    /// <summary>The signature-ca vectors' <c>X-Ca-Timestamp</c>.</summary>
    public required DateTimeOffset SignedAt { get; init; }

    /// <summary>The signature-sdk vectors' <c>X-Sdk-Date</c>.</summary>
    public required DateTimeOffset SdkSignedAt { get; init; }
    public required IReadOnlyList<AuthRequest> SignatureCa { get; init; }
    public required IReadOnlyList<AuthRequest> SignatureSdk { get; init; }

    public static SignatureVectors Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        return new SignatureVectors
        {
            AppKey = root.GetProperty("appKey").GetString()!,
            AppSecret = root.GetProperty("appSecret").GetString()!,
            SignedAt = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(root.GetProperty("timestampMs").GetString()!, System.Globalization.CultureInfo.InvariantCulture)),
            SdkSignedAt = DateTimeOffset.ParseExact(root.GetProperty("sdkDate").GetString()!, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal),
            SignatureCa = Accepted(root.GetProperty("signatureCa"), queryFromUrl: true),
            SignatureSdk = Accepted(root.GetProperty("signatureSdk"), queryFromUrl: false),
        };
    }

    private static List<AuthRequest> Accepted(JsonElement cases, bool queryFromUrl)
    {
        var requests = new List<AuthRequest>();
        foreach (var vector in cases.EnumerateArray())
        {
            if (vector.GetProperty("verdict").GetString() != "accept")
            {
                continue;
            }

            var method = vector.GetProperty("method").GetString()!;
            var url = new Uri(vector.GetProperty("url").GetString()!);
            var headers = new HeaderMap();
            foreach (var header in vector.GetProperty("headers").EnumerateObject())
            {
                headers.Add(header.Name, header.Value.GetString()!);
            }

            if (!headers.Contains("host"))
            {
                headers.Add("Host", url.Authority);
            }

            var query = new QueryMap();
            if (queryFromUrl)
            {
                foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    var name = eq < 0 ? pair : pair[..eq];
                    var value = eq < 0 ? string.Empty : pair[(eq + 1)..];
                    query.Add(Uri.UnescapeDataString(name), Uri.UnescapeDataString(value));
                }
            }
            else if (vector.TryGetProperty("query", out var q))
            {
                foreach (var p in q.EnumerateObject())
                {
                    if (p.Value.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var v in p.Value.EnumerateArray())
                        {
                            query.Add(p.Name, v.GetString()!);
                        }
                    }
                    else
                    {
                        query.Add(p.Name, p.Value.GetString()!);
                    }
                }
            }

            var path = url.AbsolutePath;
            var arn = $"arn:aws:execute-api:us-east-1:123456789012:{ApiId}/{Stage}/{method}{path}";
            if (!ApiTarget.TryParse(arn, out var target))
            {
                throw new InvalidOperationException($"Bad ARN built for vector {vector.GetProperty("name").GetString()}.");
            }

            requests.Add(new AuthRequest
            {
                Kind = EventKind.RestRequest,
                Method = method,
                Path = path,
                Headers = headers,
                Query = query,
                Target = target,
            });
        }

        return requests;
    }
}
