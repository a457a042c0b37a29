using System.Globalization;

namespace Authorizer.Runtime;

/// <summary>
/// How many invocations this process runs at once. Lambda Managed Instances give one process several concurrent
/// invocations and say how many in <c>AWS_LAMBDA_MAX_CONCURRENCY</c>; the runtime then keeps that many
/// <c>invocation/next</c> polls outstanding. Without the variable (classic Lambda) it is one at a time.
/// </summary>
internal static class RuntimeConcurrency
{
    public const string Variable = "AWS_LAMBDA_MAX_CONCURRENCY";

    /// <summary>A bound well above what Managed Instances configure per process, so a typo cannot start a million pollers.</summary>
    public const int Maximum = 1024;

    /// <summary>The configured concurrency, or a message naming the variable when it is not a whole number in 1..<see cref="Maximum"/>.</summary>
    public static int Read(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return 1;
        }

        if (!int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var concurrency)
            || concurrency < 1 || concurrency > Maximum)
        {
            throw new InvalidOperationException($"{Variable} must be a whole number from 1 to {Maximum}; got '{value}'.");
        }

        return concurrency;
    }
}
