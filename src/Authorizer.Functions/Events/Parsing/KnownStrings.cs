using System.Text.Json;
using Authorizer.Core.Requests;

namespace Authorizer.Functions.Events.Parsing;

/// <summary>
/// Shared instances for the header names (<see cref="KnownHeaderNames"/>) and methods nearly every event carries,
/// so reading them costs no string. Lookup is exact (ordinal): a name in another case is read as sent.
/// </summary>
internal static class KnownStrings
{
    private const int MaxKnownLength = 64;

    /// <summary>Reads the current property name: a shared instance when it is a common header name.</summary>
    public static string CurrentHeaderName(ref Utf8JsonReader reader)
    {
        if (reader.ValueSpan.Length > MaxKnownLength)
        {
            return reader.GetString()!;
        }

        Span<char> chars = stackalloc char[MaxKnownLength];
        var written = reader.CopyString(chars);
        return KnownHeaderNames.AsSent(chars[..written]);
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
}
