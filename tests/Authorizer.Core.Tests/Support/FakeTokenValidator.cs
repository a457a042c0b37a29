using Authorizer.Core.Tokens;

namespace Authorizer.Core.Tests.Support;

/// <summary>Test-only validator: a fixed table of token → result; anything else is invalid.</summary>
internal sealed class FakeTokenValidator : ITokenValidator
{
    private readonly Dictionary<string, TokenValidationResult> _results = new(StringComparer.Ordinal);

    public FakeTokenValidator With(string token, TokenValidationResult result)
    {
        _results[token] = result;
        return this;
    }

    public TokenValidationResult Validate(string token) =>
        _results.TryGetValue(token, out var result) ? result : TokenValidationResult.Failure("invalid_token", "Invalid token.");
}
