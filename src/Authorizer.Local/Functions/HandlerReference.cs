using System.Reflection;

namespace Authorizer.Local.Functions;

/// <summary>A .NET Lambda handler string, <c>Assembly::Namespace.Type::Method</c>, bound to a loaded method.</summary>
internal sealed record HandlerReference(string AssemblyName, string TypeName, string MethodName)
{
    public static HandlerReference Parse(string handler)
    {
        var parts = handler.Split("::");
        if (parts.Length != 3 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw new HandlerResolutionException($"Handler '{handler}' is not Assembly::Namespace.Type::Method");
        }

        return new HandlerReference(parts[0], parts[1], parts[2]);
    }

    /// <summary>
    /// Finds the public <c>Task&lt;Stream&gt; Method(Stream)</c> on a public type with a parameterless
    /// constructor — the shape the managed runtime calls without a serializer.
    /// </summary>
    public MethodInfo Resolve()
    {
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(new AssemblyName(AssemblyName));
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            throw new HandlerResolutionException($"Assembly '{AssemblyName}' could not be loaded: {ex.Message}", ex);
        }

        var type = assembly.GetType(TypeName, throwOnError: false)
            ?? throw new HandlerResolutionException($"Type '{TypeName}' is not in assembly '{AssemblyName}'");
        if (!type.IsPublic || type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new HandlerResolutionException($"Type '{TypeName}' must be public, concrete and have a public parameterless constructor");
        }

        var method = type.GetMethod(MethodName, BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static, [typeof(Stream)])
            ?? throw new HandlerResolutionException($"'{TypeName}' has no public {MethodName}(Stream)");
        if (method.ReturnType != typeof(Task<Stream>))
        {
            throw new HandlerResolutionException($"'{TypeName}.{MethodName}(Stream)' must return Task<Stream>, not {method.ReturnType.Name}");
        }

        return method;
    }
}

internal sealed class HandlerResolutionException : Exception
{
    public HandlerResolutionException()
    {
    }

    public HandlerResolutionException(string message)
        : base(message)
    {
    }

    public HandlerResolutionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
