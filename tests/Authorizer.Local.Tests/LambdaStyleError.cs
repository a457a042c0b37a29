using System.Text.Json;

namespace Authorizer.Local.Tests;

/// <summary>What a command prints when the authorizer answers Unauthorized: Lambda's error shape, exit 1.</summary>
internal static class LambdaStyleError
{
    public static void AssertUnauthorized(int exit, string stdout, string stderr)
    {
        Assert.Equal(1, exit);
        using var error = JsonDocument.Parse(stdout);
        Assert.Equal("Unauthorized", error.RootElement.GetProperty("errorMessage").GetString());
        Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("errorType").GetString()));
        Assert.Contains("AuthorizerFunction", stderr, StringComparison.Ordinal);
    }
}
