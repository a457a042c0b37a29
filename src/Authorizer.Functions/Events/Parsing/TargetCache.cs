using System.Text;
using System.Text.Json;
using Authorizer.Core.Requests;

namespace Authorizer.Functions.Events.Parsing;

/// <summary>
/// The last parsed <see cref="ApiTarget"/> (immutable, so shareable across invocations and threads): an event
/// naming the same ARN reuses it without reading the ARN as a string, and another ARN on the same API and stage
/// reuses its field strings.
/// </summary>
internal static class TargetCache
{
    // The target with its ARN as UTF-8, published together (one immutable object) so a reader never pairs one
    // ARN's bytes with another's target; the bytes let the payload be compared without transcoding the ARN.
    private static volatile LastTarget? _last;

    /// <summary>
    /// Moves to the ARN member's value and reads it as <see cref="EventCursor.ReadString"/> does, except that an
    /// ARN equal to the last one yields that target in <paramref name="cached"/> instead of a new string.
    /// </summary>
    public static string? ReadArn(ref Utf8JsonReader reader, out ApiTarget? cached)
    {
        reader.Read();
        var last = _last;
        if (reader.TokenType == JsonTokenType.String && last is not null && reader.ValueTextEquals(last.Utf8))
        {
            cached = last.Target;
            return last.Target.Arn;
        }

        cached = null;
        return JsonChecks.CurrentString(ref reader);
    }

    /// <summary>The target of the ARN read by <see cref="ReadArn"/>; an unusable ARN is an invalid event.</summary>
    public static ApiTarget Resolve(string? arn, ApiTarget? cached, string fieldName)
    {
        if (cached is not null && ReferenceEquals(cached.Arn, arn))
        {
            return cached;
        }

        if (!TargetParser.TryParse(arn, _last?.Target, out var target))
        {
            throw new InvalidEventException($"{fieldName} is missing or is not an execute-api ARN.");
        }

        _last = new LastTarget(target, Encoding.UTF8.GetBytes(target.Arn));
        return target;
    }

    private sealed record LastTarget(ApiTarget Target, byte[] Utf8);
}
