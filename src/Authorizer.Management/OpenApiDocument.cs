namespace Authorizer.Management;

/// <summary>
/// The OpenAPI document of this API (<c>docs/openapi.json</c>, embedded at build time so the repository holds one
/// copy). It is public: it describes routes and shapes, never data.
/// </summary>
internal static class OpenApiDocument
{
    public const string ResourceName = "Authorizer.Management.openapi.json";

    private static readonly Lazy<string> Text = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The document as served; read from the assembly once per container.</summary>
    public static string Json => Text.Value;

    private static string Load()
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
