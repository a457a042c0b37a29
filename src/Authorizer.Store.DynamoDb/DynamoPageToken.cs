using System.Buffers.Text;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;

namespace Authorizer.Store.DynamoDb;

/// <summary>
/// An opaque listing cursor: base64url of a small JSON object holding the index keys of the last item returned.
/// Tokens are checked on the way in — shape, key names and the listing they belong to — so a forged or
/// foreign token is an <see cref="ArgumentException"/>, never a malformed DynamoDB request.
/// </summary>
internal static class DynamoPageToken
{
    private const int MaxTokenLength = 4096;
    private static readonly string[] KeyNames = [DynamoKeys.Pk, DynamoKeys.Sk, DynamoKeys.Gsi1Pk, DynamoKeys.Gsi1Sk];

    public static string Encode(Dictionary<string, AttributeValue> lastKey)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", 1);
            foreach (var name in KeyNames)
            {
                writer.WriteString(name, lastKey.TryGetValue(name, out var value) ? value.S : null);
            }

            writer.WriteEndObject();
        }

        return Base64Url.EncodeToString(buffer.WrittenSpan);
    }

    public static Dictionary<string, AttributeValue>? Decode(string? token, string expectedPartition)
    {
        if (token is null)
        {
            return null;
        }

        if (token.Length is 0 or > MaxTokenLength)
        {
            throw Invalid(null);
        }

        try
        {
            using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(token));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("v", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != 1)
            {
                throw Invalid(null);
            }

            var key = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
            foreach (var name in KeyNames)
            {
                if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(value.GetString()))
                {
                    throw Invalid(null);
                }

                key[name] = DynamoKeys.S(value.GetString()!);
            }

            if (!string.Equals(key[DynamoKeys.Gsi1Pk].S, expectedPartition, StringComparison.Ordinal))
            {
                throw Invalid(null);
            }

            return key;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            throw Invalid(ex);
        }
    }

    private static ArgumentException Invalid(Exception? inner) =>
        new("The nextToken is not a token this listing issued.", inner);
}
