using System.Text.Json;
using Authorizer.Management;

namespace Authorizer.Functions.Management;

/// <summary>
/// The first-admin bootstrap of a deployed stack: <c>aws lambda invoke</c> with <c>{"bootstrapAdmin":{}}</c>
/// (optionally <c>{"bootstrapAdmin":{"name":"ops"}}</c>). Only principals allowed <c>lambda:InvokeFunction</c> on the
/// function can send it; API Gateway cannot (its events always carry <c>httpMethod</c> and <c>requestContext</c>).
/// It creates an admin only while no enabled admin exists, authorizes it for the management routes, and the
/// credentials appear only in this response.
/// </summary>
internal static class BootstrapInvocation
{
    private const int MaxNameLength = 100;

    public static bool Matches(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var bootstrap = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("httpMethod"u8) || reader.ValueTextEquals("requestContext"u8))
                {
                    return false;
                }

                bootstrap |= reader.ValueTextEquals("bootstrapAdmin"u8);
                reader.Read();
                reader.Skip();
            }

            return bootstrap;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static async Task<Stream> RunAsync(ReadOnlyMemory<byte> payload, Func<Task<AdminBootstrapper>> bootstrapper)
    {
        var name = Name(payload);
        if (name is null)
        {
            return Write(w =>
            {
                w.WriteBoolean("created", false);
                w.WriteString("message", $"bootstrapAdmin.name must be 1 to {MaxNameLength} characters.");
            });
        }

        var bootstrap = await bootstrapper().ConfigureAwait(false);
        var admin = await bootstrap.CreateFirstAdminAsync(name).ConfigureAwait(false);
        if (admin is not null)
        {
            await bootstrap.GrantManagementAccessAsync(admin.AppId).ConfigureAwait(false);
        }

        return admin is null
            ? Write(w =>
            {
                w.WriteBoolean("created", false);
                w.WriteString("message", "An enabled admin app exists already; manage apps through the management API.");
            })
            : Write(w =>
            {
                w.WriteBoolean("created", true);
                w.WriteString("appId", admin.AppId);
                w.WriteString("appKey", admin.AppKey);
                w.WriteString("appSecret", admin.AppSecret);
                w.WriteString("appCode", admin.AppCode);
            });
    }

    // "admin" unless bootstrapAdmin.name is given; null when that name is unusable.
    private static string? Name(ReadOnlyMemory<byte> payload)
    {
        using var document = JsonDocument.Parse(payload);
        if (!document.RootElement.TryGetProperty("bootstrapAdmin", out var options) ||
            options.ValueKind != JsonValueKind.Object ||
            !options.TryGetProperty("name", out var name))
        {
            return "admin";
        }

        return name.ValueKind == JsonValueKind.String && name.GetString() is { Length: > 0 and <= MaxNameLength } text && !string.IsNullOrWhiteSpace(text)
            ? text
            : null;
    }

    private static MemoryStream Write(Action<Utf8JsonWriter> body)
    {
        var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        stream.Position = 0;
        return stream;
    }
}
