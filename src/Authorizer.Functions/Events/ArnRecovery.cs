using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Authorizer.Core.Requests;

namespace Authorizer.Functions.Events;

/// <summary>
/// When an event cannot be parsed (too large, too deep, duplicate keys, malformed), finds the resource to deny
/// with a bounded scan of the raw bytes: top-level string properties only, stopping at the first reader error.
/// A Deny on that ARN lets API Gateway answer 403 <c>bad_request</c> instead of 500.
/// </summary>
internal static class ArnRecovery
{
    /// <summary>How much of the payload is looked at; the ARN properties sit near the top of real events.</summary>
    internal const int MaxScanBytes = FunctionsJsonContext.MaxEventBytes;

    /// <summary>Top-level properties examined before giving up.</summary>
    internal const int MaxTopLevelProperties = 256;

    /// <summary>
    /// The kind and target of an unparseable event, or false when no single valid ARN can be found. A
    /// <c>methodArn</c> or <c>routeArn</c> that appears twice is not trusted: which one would the gateway mean?
    /// </summary>
    public static bool TryRecover(ReadOnlySpan<byte> payload, out EventKind kind, [NotNullWhen(true)] out ApiTarget? target)
    {
        kind = EventKind.RestRequest;
        target = null;
        string? methodArn = null;
        string? routeArn = null;
        string? version = null;
        var methodArnCount = 0;
        var routeArnCount = 0;
        var scanned = payload.Length > MaxScanBytes ? payload[..MaxScanBytes] : payload;
        try
        {
            // Depth is tracked by the reader itself; nested values are skipped token by token so an overly deep
            // value ends the scan (caught below) with whatever top-level properties came before it.
            var reader = new Utf8JsonReader(scanned, isFinalBlock: false, new JsonReaderState(new JsonReaderOptions
            {
                MaxDepth = FunctionsJsonContext.MaxJsonDepth,
            }));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var properties = 0;
            while (properties++ < MaxTopLevelProperties && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMethodArn = reader.ValueTextEquals("methodArn"u8);
                var isRouteArn = reader.ValueTextEquals("routeArn"u8);
                var isVersion = reader.ValueTextEquals("version"u8);
                if (!reader.Read())
                {
                    break;
                }

                if (reader.TokenType == JsonTokenType.String)
                {
                    if (isMethodArn)
                    {
                        methodArnCount++;
                        methodArn = ReadBounded(ref reader);
                    }
                    else if (isRouteArn)
                    {
                        routeArnCount++;
                        routeArn = ReadBounded(ref reader);
                    }
                    else if (isVersion)
                    {
                        version = ReadBounded(ref reader);
                    }
                }
                else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    if (!reader.TrySkip())
                    {
                        // The value runs past the scanned prefix (a truncated, oversized event).
                        break;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // The failure that made the full parse fail; what was read before it still counts.
        }
        catch (InvalidOperationException)
        {
            // A string that is not valid UTF-8 where it is transcoded: treated like any other reader error.
        }

        if (version == "2.0" || routeArnCount > 0)
        {
            kind = EventKind.HttpApiV2;
            return routeArnCount == 1 && methodArnCount == 0 && ApiTarget.TryParse(routeArn, out target);
        }

        return methodArnCount == 1 && ApiTarget.TryParse(methodArn, out target);
    }

    private static string? ReadBounded(ref Utf8JsonReader reader)
    {
        // An over-long ARN is not usable; transcoding it only to refuse it would waste work.
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        return length > ApiTarget.MaxArnLength * 6 ? null : reader.GetString();
    }
}
