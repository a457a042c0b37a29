using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Authorizer.Core.Decisions;
using Authorizer.Core.Tokens;

namespace Authorizer.Core.Jwt;

/// <summary>
/// Verifies a compact JWS from an identity provider against that provider's keys and rules. Built on
/// <c>System.Security.Cryptography</c> and <c>System.Text.Json</c> alone, so it stays trimming- and AOT-clean.
/// The algorithm is pinned: the header's <c>alg</c> must be one the provider accepts and one the chosen key is bound
/// to (<see cref="JsonWebKey.Algorithms"/>); <c>none</c> and HMAC do not exist here. Header members that point at
/// keys (<c>jwk</c>, <c>jku</c>, <c>x5u</c>, <c>x5c</c>) are never used: keys come from the provider's set only.
/// A token whose signature a key set verified is remembered by that set, so a repeat skips the signature and parse;
/// the time, issuer, audience and claim checks run on every call.
/// </summary>
public sealed class JwtVerifier
{
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 16, AllowDuplicateProperties = false };

    /// <summary>Headers remembered at most; past it, headers are parsed every time (a flood of odd headers only costs parsing).</summary>
    internal const int MaxRememberedHeaders = 32;

    private const int MaxRememberedHeaderLength = 256;

    private readonly bool _remember;

    // The tokens of one provider key share their header text byte for byte, so its parse (a pure function of the text)
    // is kept: a first verification then decodes and parses only the payload. Valid headers only; bounded; thread-safe.
    private readonly ConcurrentDictionary<string, JwtHeader> _headers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JwtHeader>.AlternateLookup<ReadOnlySpan<char>> _headerLookup;

    /// <param name="rememberVerified">Whether key sets remember verified tokens (off only to measure the full path).</param>
    public JwtVerifier(bool rememberVerified = true)
    {
        _remember = rememberVerified;
        _headerLookup = _headers.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>How many parsed headers are remembered (for tests).</summary>
    internal int RememberedHeaders => _headers.Count;

    /// <summary>Verifies <paramref name="token"/> with the provider's static JWKS.</summary>
    public JwtResult Verify(string token, JwtProvider provider, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return provider.StaticKeys is { } keys
            ? Verify(token, provider, keys, now)
            : JwtResult.Failure(ErrorCodes.JwksUnavailable, "The provider has no usable static key set.");
    }

    /// <summary>Verifies <paramref name="token"/> with <paramref name="keys"/> (the provider's static or fetched set).</summary>
    public JwtResult Verify(string token, JwtProvider provider, JsonWebKeySet keys, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(keys);
        if (string.IsNullOrEmpty(token) || token.Length > JwtLimits.MaxTokenLength)
        {
            return JwtResult.Invalid($"The token must be 1 to {JwtLimits.MaxTokenLength} characters.");
        }

        var hash = _remember ? VerifiedTokenCache.HashOf(token) : default;
        JwtClaims claims;
        if (_remember && keys.Verified.TryGet(hash, now, out var remembered) && remembered.JwtClaims is { } known)
        {
            // The set verified this exact text before; only the provider's algorithm list may differ between providers.
            if (!Accepts(provider, known.Algorithm))
            {
                return JwtResult.Invalid("The token's algorithm is not accepted for this API.");
            }

            claims = known;
        }
        else
        {
            var verified = VerifySignature(token, provider, keys, out claims);
            if (verified is not null)
            {
                return verified;
            }

            if (_remember && claims.ExpiresAt is { } expires)
            {
                var until = expires + TimeSpan.FromSeconds(provider.ClockToleranceSeconds);
                var cap = now + JwtLimits.MaxRemembered;
                keys.Verified.Add(hash, new TokenValidationResult { IsValid = true, JwtClaims = claims }, until < cap ? until : cap, now);
            }
        }

        return JwtClaimChecks.Check(claims, provider, now) ?? JwtResult.Success(claims);
    }

    /// <summary>Null when the signature verified and the payload parsed into <paramref name="claims"/>, else the failure.</summary>
    private JwtResult? VerifySignature(string token, JwtProvider provider, JsonWebKeySet keys, out JwtClaims claims)
    {
        claims = null!;
        var first = token.IndexOf('.', StringComparison.Ordinal);
        var second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == token.Length - 1 || token.IndexOf('.', second + 1) >= 0)
        {
            return JwtResult.Invalid("The token is not a compact JWS (three non-empty base64url parts).");
        }

        // One pooled buffer holds the signing input and the three decoded parts: a first verification allocates nothing
        // for them (the payload's detached JSON copy is all that outlives the call).
        var span = token.AsSpan();
        var headerLength = Base64UrlStrict.DecodedLength(first);
        var payloadLength = Base64UrlStrict.DecodedLength(second - first - 1);
        var signatureLength = Base64UrlStrict.DecodedLength(token.Length - second - 1);
        var buffer = ArrayPool<byte>.Shared.Rent(second + headerLength + payloadLength + signatureLength);
        try
        {
            var input = buffer.AsMemory(0, second);
            var header = buffer.AsMemory(second, headerLength);
            var payload = buffer.AsMemory(second + headerLength, payloadLength);
            var signature = buffer.AsMemory(second + headerLength + payloadLength, signatureLength);
            if (!Base64UrlStrict.TryDecode(span[(first + 1)..second], payload.Span, out var payloadWritten)
                || !Base64UrlStrict.TryDecode(span[(second + 1)..], signature.Span, out var signatureWritten))
            {
                return JwtResult.Invalid("The token is not valid base64url.");
            }

            if (!_headerLookup.TryGetValue(span[..first], out var parsed))
            {
                if (!Base64UrlStrict.TryDecode(span[..first], header.Span, out var headerWritten))
                {
                    return JwtResult.Invalid("The token is not valid base64url.");
                }

                parsed = JwtHeader.Read(header[..headerWritten], JsonOptions);
                if (parsed is { Error: null } && first <= MaxRememberedHeaderLength && _headers.Count < MaxRememberedHeaders)
                {
                    _headers.TryAdd(token[..first], parsed);
                }
            }

            Encoding.ASCII.GetBytes(span[..second], input.Span);
            return Check(provider, keys, input.Span, parsed, payload[..payloadWritten], signature.Span[..signatureWritten], out claims);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static JwtResult? Check(
        JwtProvider provider, JsonWebKeySet keys, ReadOnlySpan<byte> input, JwtHeader? parsedHeader, ReadOnlyMemory<byte> payloadBytes, ReadOnlySpan<byte> signature, out JwtClaims claims)
    {
        claims = null!;
        if (parsedHeader is not { } header)
        {
            return JwtResult.Invalid("The token header is not a valid JWS header.");
        }

        if (header.Error is { } headerError)
        {
            return JwtResult.Invalid(headerError);
        }

        var algorithm = JwtAlgorithm.Find(header.Alg);
        if (algorithm is null || !Accepts(provider, algorithm))
        {
            return JwtResult.Invalid("The token's algorithm is not accepted for this API.");
        }

        var candidates = 0;
        var kidKnown = false;
        var verified = false;
        var all = keys.Keys;
        for (var i = 0; i < all.Count; i++)
        {
            var key = all[i];
            if (header.Kid is not null && !string.Equals(key.Kid, header.Kid, StringComparison.Ordinal))
            {
                continue;
            }

            kidKnown = true;
            if (!key.Supports(algorithm))
            {
                continue;
            }

            candidates++;
            if (key.Verify(algorithm, input, signature))
            {
                verified = true;
                break;
            }
        }

        if (!verified)
        {
            return candidates > 0
                ? JwtResult.BadSignature()
                : header.Kid is not null && kidKnown
                    ? JwtResult.Invalid("The token's algorithm does not fit its key.")
                    : JwtResult.Failure(ErrorCodes.UnknownKey, header.Kid is null
                        ? "No key of the provider fits the token's algorithm."
                        : "The token's key id is not among the provider's keys.");
        }

        if (JwtPayload.Read(payloadBytes, algorithm, JsonOptions, out claims) is { } payloadError)
        {
            return JwtResult.Invalid(payloadError);
        }

        return null;
    }

    private static bool Accepts(JwtProvider provider, JwtAlgorithm algorithm)
    {
        var names = provider.Algorithms;
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], algorithm.Name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
