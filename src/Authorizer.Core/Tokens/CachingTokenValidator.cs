namespace Authorizer.Core.Tokens;

/// <summary>
/// Puts a <see cref="VerifiedTokenCache"/> in front of a validator: a token seen before (same text, same hash)
/// and still within its lifetime is answered from memory; anything else goes to the validator, and its successes
/// are remembered until the token's expiry plus <see cref="Es256TokenValidator.Leeway"/>, the instant from which
/// the validator itself would answer "expired".
/// </summary>
public sealed class CachingTokenValidator : ITokenValidator
{
    private readonly ITokenValidator _inner;
    private readonly VerifiedTokenCache _cache;
    private readonly TimeProvider _time;

    public CachingTokenValidator(ITokenValidator inner, VerifiedTokenCache cache, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(time);
        _inner = inner;
        _cache = cache;
        _time = time;
    }

    // A null token is the validator's to refuse, as an empty one is.
    public TokenValidationResult Validate(string token) =>
        token is null ? _inner.Validate(token!) : Validate(token.AsSpan(), token, _time.GetUtcNow());

    /// <summary>A repeat is answered from the hash of the slice: the token becomes a string only for the validator.</summary>
    public TokenValidationResult Validate(ReadOnlySpan<char> token, DateTimeOffset now) => Validate(token, null, now);

    private TokenValidationResult Validate(ReadOnlySpan<char> token, string? text, DateTimeOffset now)
    {
        // Over-long or empty tokens are refused by the validator without hashing them first.
        if (token.IsEmpty || token.Length > Es256TokenValidator.MaxTokenLength)
        {
            return _inner.Validate(text ?? token.ToString());
        }

        var hash = VerifiedTokenCache.HashOf(token);
        if (_cache.TryGet(hash, now, out var remembered))
        {
            return remembered;
        }

        var result = _inner.Validate(text ?? token.ToString());
        if (result.IsValid)
        {
            _cache.Add(hash, result, result.ExpiresAt + Es256TokenValidator.Leeway, now);
        }

        return result;
    }
}
