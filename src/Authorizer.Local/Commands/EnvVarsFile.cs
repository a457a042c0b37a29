using System.Text.Json;

namespace Authorizer.Local.Commands;

/// <summary>
/// SAM's <c>--env-vars</c> file: <c>{"LogicalId": {"VAR": "value"}}</c> per function and
/// <c>{"Parameters": {"VAR": "value"}}</c> for every function; the function's own entry wins.
/// </summary>
internal static class EnvVarsFile
{
    public static IReadOnlyDictionary<string, string> Load(string path, string logicalId)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"--env-vars: {path} not found");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new UsageException($"--env-vars: {path} is not valid JSON ({ex.Message})", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new UsageException($"--env-vars: {path} must hold a JSON object");
            }

            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var section in new[] { "Parameters", logicalId })
            {
                if (!document.RootElement.TryGetProperty(section, out var values))
                {
                    continue;
                }

                if (values.ValueKind != JsonValueKind.Object)
                {
                    throw new UsageException($"--env-vars: {section} must be an object of variables");
                }

                foreach (var property in values.EnumerateObject())
                {
                    result[property.Name] = property.Value.ValueKind == JsonValueKind.String
                        ? property.Value.GetString()!
                        : property.Value.GetRawText();
                }
            }

            return result;
        }
    }
}
