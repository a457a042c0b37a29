// Checks that each Lambda handler string resolves in a published function folder the way the managed .NET runtime
// resolves it: Assembly::Namespace.Type::Method, a public class with a public parameterless constructor, one public
// method of that name taking a Stream and returning Task<Stream> or Stream. The assemblies are read from the folder
// alone (with this runtime's framework assemblies, as Lambda's dotnet10 runtime supplies them) through a
// MetadataLoadContext: they are built for the function's architecture, which may not be this machine's.
// Usage: handler-check PUBLISH_DIR HANDLER...   Exit 0 when all resolve, 1 otherwise.
using System.Reflection;
using System.Runtime.InteropServices;

if (args.Length < 2)
{
    await Console.Error.WriteLineAsync("usage: handler-check PUBLISH_DIR HANDLER...").ConfigureAwait(false);
    return 2;
}

var folder = Path.GetFullPath(args[0]);
var failures = 0;
foreach (var handler in args[1..])
{
    var problem = HandlerResolver.Check(folder, handler);
    Console.WriteLine(problem is null ? $"ok   {handler}" : $"FAIL {handler}: {problem}");
    failures += problem is null ? 0 : 1;
}

return failures == 0 ? 0 : 1;

internal static class HandlerResolver
{
    public static string? Check(string folder, string handler)
    {
        var parts = handler.Split("::");
        if (parts.Length != 3 || parts.Any(string.IsNullOrWhiteSpace))
        {
            return "not Assembly::Namespace.Type::Method";
        }

        var (assemblyName, typeName, methodName) = (parts[0], parts[1], parts[2]);
        var path = Path.Combine(folder, assemblyName + ".dll");
        if (!File.Exists(path))
        {
            return $"{assemblyName}.dll is not in the package";
        }

        var assemblies = Directory.GetFiles(folder, "*.dll")
            .Concat(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(group => group.First());
        using var context = new MetadataLoadContext(new PathAssemblyResolver(assemblies));
        var type = context.LoadFromAssemblyPath(path).GetType(typeName, throwOnError: false);
        if (type is null)
        {
            return $"no type {typeName} in {assemblyName}";
        }

        if (!type.IsPublic || !type.IsClass || type.IsAbstract || type.IsGenericTypeDefinition)
        {
            return $"{typeName} is not a public concrete class";
        }

        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            return $"{typeName} has no public parameterless constructor";
        }

        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.Name == methodName)
            .ToList();
        if (methods.Count != 1)
        {
            return methods.Count == 0 ? $"no public method {methodName}" : $"{methodName} is overloaded";
        }

        var method = methods[0];
        var parameters = method.GetParameters();
        if (parameters.Length != 1 || parameters[0].ParameterType.FullName != typeof(Stream).FullName)
        {
            return $"{methodName} must take exactly one Stream";
        }

        var returns = method.ReturnType;
        var returnsStream = returns.FullName == typeof(Stream).FullName;
        var returnsTaskOfStream = returns.IsGenericType
            && returns.GetGenericTypeDefinition().FullName == typeof(Task<>).FullName
            && returns.GetGenericArguments()[0].FullName == typeof(Stream).FullName;
        return returnsStream || returnsTaskOfStream ? null : $"{methodName} returns {returns}, not Task<Stream> or Stream";
    }
}
