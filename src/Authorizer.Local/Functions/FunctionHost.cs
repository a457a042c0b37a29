using System.Collections.Concurrent;
using System.Reflection;
using Authorizer.Local.Template;

namespace Authorizer.Local.Functions;

/// <summary>
/// Runs the template's functions in-process the way the managed runtime does: one handler instance per
/// function (a warm container), payload bytes in, response bytes out. An exception thrown by the handler is
/// the invocation's error, as in Lambda.
/// </summary>
internal sealed class FunctionHost(SamTemplate template)
{
    private readonly ConcurrentDictionary<string, Lazy<(object? Target, MethodInfo Method)>> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _invocations = new(StringComparer.Ordinal);

    public int InvocationCount(string logicalId) => _invocations.TryGetValue(logicalId, out var count) ? count : 0;

    /// <summary>
    /// Sets the process environment for these functions: Globals and each function's variables, then the
    /// local overrides. The functions read it once per process, as a container does at cold start.
    /// </summary>
    public static void ApplyEnvironment(IEnumerable<FunctionDefinition> functions, IReadOnlyDictionary<string, string> overrides)
    {
        foreach (var function in functions)
        {
            foreach (var (name, value) in function.Environment)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        foreach (var (name, value) in overrides)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public async Task<byte[]> InvokeAsync(string logicalId, byte[] payload, CancellationToken cancellationToken)
    {
        var function = template.GetFunction(logicalId);
        var handler = _handlers.GetOrAdd(logicalId, _ => new Lazy<(object?, MethodInfo)>(() => Bind(function)));
        object? target;
        MethodInfo method;
        try
        {
            (target, method) = handler.Value;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            // The handler's constructor failed (its cold start, e.g. a bad setting): that invocation's error, as in
            // Lambda, and the next invocation starts the function again.
            _handlers.TryRemove(new KeyValuePair<string, Lazy<(object?, MethodInfo)>>(logicalId, handler));
            throw new FunctionInvocationException(ex.InnerException);
        }

        _invocations.AddOrUpdate(logicalId, 1, (_, count) => count + 1);

        using var input = new MemoryStream(payload, writable: false);
        Task<Stream> task;
        try
        {
            task = (Task<Stream>)method.Invoke(target, [input])!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw new FunctionInvocationException(ex.InnerException);
        }

        Stream output;
        try
        {
            output = await task.WaitAsync(TimeSpan.FromSeconds(Math.Max(1, function.TimeoutSeconds)), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new FunctionInvocationException(new TimeoutException($"Task timed out after {function.TimeoutSeconds} seconds", ex));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new FunctionInvocationException(ex);
        }

        await using (output.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            if (output.CanSeek)
            {
                output.Position = 0;
            }

            await output.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
    }

    private static (object? Target, MethodInfo Method) Bind(FunctionDefinition function)
    {
        var method = HandlerReference.Parse(function.Handler).Resolve();
        var target = method.IsStatic ? null : Activator.CreateInstance(method.DeclaringType!);
        return (target, method);
    }
}

/// <summary>The function failed; <see cref="Exception.InnerException"/> is what the handler threw.</summary>
internal sealed class FunctionInvocationException : Exception
{
    public FunctionInvocationException()
    {
    }

    public FunctionInvocationException(string message)
        : base(message)
    {
    }

    public FunctionInvocationException(Exception inner)
        : base(inner.Message, inner)
    {
    }

    public FunctionInvocationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public string ErrorType => InnerException?.GetType().Name ?? nameof(Exception);
}
